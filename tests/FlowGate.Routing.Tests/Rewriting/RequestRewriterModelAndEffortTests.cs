using FlowGate.Routing.Rewriting;
using static FlowGate.Routing.Tests.Rewriting.RewriteAssert;

namespace FlowGate.Routing.Tests.Rewriting;

/// <summary>Steps 1 and 2: <c>model</c> and the reasoning effort, per protocol.</summary>
public sealed class RequestRewriterModelAndEffortTests
{
    private const ClientProtocol Anthropic = ClientProtocol.AnthropicMessages;
    private const ClientProtocol Chat = ClientProtocol.OpenAIChat;
    private const ClientProtocol Responses = ClientProtocol.OpenAIResponses;

    [Theory]
    [InlineData("""{ "model" : "router-default" , "x":[1, 2] }""", """{ "model" : "up" , "x":[1, 2] }""")]
    [InlineData("""{"x":1,"model":null}""", """{"x":1,"model":"up"}""")]
    [InlineData("""{"mod\u0065l":"a"}""", """{"mod\u0065l":"up"}""")]
    [InlineData("""{"x":{"model":"inner"}}""", """{"x":{"model":"inner"},"model":"up"}""")]
    [InlineData("""{"x":1}""", """{"x":1,"model":"up"}""")]
    [InlineData("{}", """{"model":"up"}""")]
    [InlineData("{ \n }", "{\"model\":\"up\" \n }")]
    public void Rewrite_Model_ReplacesOrAddsOnlyTheTopLevelValue(string body, string expected)
    {
        foreach (var protocol in new[] { Anthropic, Chat, Responses })
        {
            Assert.Equal(expected, Rewrite(body, protocol, TargetParams.None));
        }
    }

    [Theory]
    [InlineData("gemini-3-pro", "high", "gemini-3-pro(high)")]
    [InlineData("gemini-3-pro(low)", "high", "gemini-3-pro(low)")]
    [InlineData("gemini-3-pro", null, "gemini-3-pro")]
    [InlineData("gemini-3-pro", "", "gemini-3-pro")]
    public void Rewrite_ThinkingLevel_AppendsSuffixWhenModelHasNone(string model, string? level, string expected)
    {
        var output = Rewrite("""{"model":"a"}""", Chat, new TargetParams { ThinkingLevel = level }, model);

        Assert.Equal($$"""{"model":"{{expected}}"}""", output);
    }

    [Fact]
    public void Rewrite_ModelNeedsEscaping_WritesValidJsonString()
    {
        var output = Rewrite("""{"model":"a"}""", Chat, TargetParams.None, "q\"b\\c\u0001é😀");

        Assert.Equal("{\"model\":\"q\\\"b\\\\c\\u0001é😀\"}", output);
    }

    [Theory]
    [InlineData("""{"model":"a","reasoning_effort":"low"}""", """{"model":"up","reasoning_effort":"high"}""")]
    [InlineData("""{"reasoning_effort":null,"model":"a"}""", """{"reasoning_effort":"high","model":"up"}""")]
    [InlineData("""{"model":"a"}""", """{"model":"up","reasoning_effort":"high"}""")]
    public void Rewrite_ChatEffort_SetsTopLevelReasoningEffort(string body, string expected) =>
        Assert.Equal(expected, Rewrite(body, Chat, new TargetParams { ReasoningEffort = "high" }));

    [Theory]
    [InlineData("""{"model":"a","reasoning":{"summary":"auto"},"store":false}""", """{"model":"up","reasoning":{"summary":"auto","effort":"high"},"store":false}""")]
    [InlineData("""{"model":"a","reasoning":{ "effort" : "low", "summary":"auto"}}""", """{"model":"up","reasoning":{ "effort" : "high", "summary":"auto"}}""")]
    [InlineData("""{"model":"a","reasoning":{ }}""", """{"model":"up","reasoning":{"effort":"high" }}""")]
    [InlineData("""{"model":"a","reasoning":null}""", """{"model":"up","reasoning":{"effort":"high"}}""")]
    [InlineData("""{"model":"a"}""", """{"model":"up","reasoning":{"effort":"high"}}""")]
    [InlineData("""{"model":"a","reasoning":"odd"}""", """{"model":"up","reasoning":"odd"}""")]
    [InlineData("""{"model":"a","reasoning_effort":"low"}""", """{"model":"up","reasoning_effort":"low","reasoning":{"effort":"high"}}""")]
    public void Rewrite_ResponsesEffort_SetsReasoningEffort(string body, string expected) =>
        Assert.Equal(expected, Rewrite(body, Responses, new TargetParams { ReasoningEffort = "high" }));

    [Theory]
    [InlineData(
        """{"model":"a","thinking":{"type":"enabled","budget_tokens":2000},"max_tokens":32000}""",
        """{"model":"up","thinking":{"type":"enabled","budget_tokens":8192},"max_tokens":32000}""")]
    [InlineData(
        """{"model":"a","thinking":{"type":"enabled"},"max_tokens":32000}""",
        """{"model":"up","thinking":{"type":"enabled","budget_tokens":8192},"max_tokens":32000}""")]
    [InlineData(
        """{"model":"a","thinking":{"type":"adaptive"},"output_config":{"effort":"high"}}""",
        """{"model":"up","thinking":{"type":"adaptive"},"output_config":{"effort":"medium"}}""")]
    [InlineData(
        """{"model":"a","thinking":{"type":"disabled"},"output_config":{"format":{}}}""",
        """{"model":"up","thinking":{"type":"disabled"},"output_config":{"format":{},"effort":"medium"}}""")]
    [InlineData(
        """{"model":"a","max_tokens":100}""",
        """{"model":"up","max_tokens":100,"output_config":{"effort":"medium"}}""")]
    [InlineData(
        """{"model":"a","output_config":null}""",
        """{"model":"up","output_config":{"effort":"medium"}}""")]
    public void Rewrite_AnthropicEffort_MapsIntoThinkingOrOutputConfig(string body, string expected) =>
        Assert.Equal(expected, Rewrite(body, Anthropic, new TargetParams { ReasoningEffort = "medium" }));

    [Fact]
    public void Rewrite_AnthropicEffort_NeverAddsReasoningEffort()
    {
        var output = Rewrite("""{"model":"a","thinking":{"type":"adaptive"}}""", Anthropic, new TargetParams { ReasoningEffort = "low" });

        Assert.DoesNotContain("reasoning_effort", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("turbo")]
    [InlineData("none")]
    public void Rewrite_AnthropicEnabledThinkingEffortWithoutPositiveBudget_UsesOutputConfig(string effort)
    {
        var output = Rewrite("""{"thinking":{"type":"enabled","budget_tokens":2000}}""", Anthropic, new TargetParams { ReasoningEffort = effort });

        Assert.Equal($$$"""{"thinking":{"type":"enabled","budget_tokens":2000},"model":"up","output_config":{"effort":"{{{effort}}}"}}""", output);
    }

    [Fact]
    public void Rewrite_AnthropicEffortWithCustomTable_UsesTableBudget()
    {
        var table = new ThinkingEffortTable { EffortToBudget = [new("high", 16000)] };

        var output = Rewrite("""{"thinking":{"type":"enabled","budget_tokens":2000}}""", Anthropic, new TargetParams { ReasoningEffort = "HIGH" }, table: table);

        Assert.Equal("""{"thinking":{"type":"enabled","budget_tokens":16000},"model":"up"}""", output);
    }

    [Fact]
    public void Rewrite_AnthropicThinkingDropped_PutsEffortInOutputConfig()
    {
        var parameters = new TargetParams { ReasoningEffort = "high", DropParams = ["thinking"] };

        var output = Rewrite("""{"model":"a","thinking":{"type":"enabled","budget_tokens":2000}}""", Anthropic, parameters);

        Assert.Equal("""{"model":"up","output_config":{"effort":"high"}}""", output);
    }
}
