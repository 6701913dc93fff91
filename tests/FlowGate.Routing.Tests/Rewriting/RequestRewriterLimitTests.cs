using static FlowGate.Routing.Tests.Rewriting.RewriteAssert;

namespace FlowGate.Routing.Tests.Rewriting;

/// <summary>Steps 3, 4 and 5: the thinking budget and output-token limits.</summary>
public sealed class RequestRewriterLimitTests
{
    private const ClientProtocol Anthropic = ClientProtocol.AnthropicMessages;
    private const ClientProtocol Chat = ClientProtocol.OpenAIChat;
    private const ClientProtocol Responses = ClientProtocol.OpenAIResponses;

    [Theory]
    [InlineData("30000", "24576")]
    [InlineData("3.2e4", "24576")]
    [InlineData("24577.5", "24576")]
    [InlineData("1e400", "24576")]
    [InlineData("24576", "24576")]
    [InlineData("2.4576e4", "2.4576e4")]
    [InlineData("1000.0", "1000.0")]
    [InlineData("\"30000\"", "\"30000\"")]
    public void Rewrite_ThinkingBudgetMax_CapsNumbersAndKeepsOthers(string budget, string expected)
    {
        var output = Rewrite($$$"""{"thinking":{"type":"enabled","budget_tokens":{{{budget}}}}}""", Anthropic, new TargetParams { ThinkingBudgetMax = 24576 });

        Assert.Equal($$"""{"thinking":{"type":"enabled","budget_tokens":{{expected}}},"model":"up"}""", output);
    }

    [Theory]
    [InlineData("32000", "8192")]
    [InlineData("3.2e4", "8192")]
    [InlineData("1e400", "8192")]
    [InlineData("8192", "8192")]
    [InlineData("100", "100")]
    [InlineData("100.0", "100.0")]
    [InlineData("\"big\"", "\"big\"")]
    public void Rewrite_MaxTokensMax_CapsAnthropicMaxTokens(string value, string expected)
    {
        var output = Rewrite($$"""{"model":"a","max_tokens":{{value}}}""", Anthropic, new TargetParams { MaxTokensMax = 8192 });

        Assert.Equal($$"""{"model":"up","max_tokens":{{expected}}}""", output);
    }

    [Fact]
    public void Rewrite_MaxTokensMaxChat_CapsBothLimits()
    {
        var output = Rewrite("""{"max_tokens":9000,"model":"a","max_completion_tokens":10000}""", Chat, new TargetParams { MaxTokensMax = 4096 });

        Assert.Equal("""{"max_tokens":4096,"model":"up","max_completion_tokens":4096}""", output);
    }

    [Fact]
    public void Rewrite_MaxTokensMaxResponses_CapsMaxOutputTokensOnly()
    {
        var output = Rewrite("""{"max_output_tokens":9000,"max_tokens":9000}""", Responses, new TargetParams { MaxTokensMax = 4096 });

        Assert.Equal("""{"max_output_tokens":4096,"max_tokens":9000,"model":"up"}""", output);
    }

    [Theory]
    [InlineData(Anthropic, """{"model":"a"}""", """{"model":"up","max_tokens":4000}""")]
    [InlineData(Anthropic, """{"model":"a","max_tokens":0}""", """{"model":"up","max_tokens":4000}""")]
    [InlineData(Anthropic, """{"model":"a","max_tokens":-1e400}""", """{"model":"up","max_tokens":4000}""")]
    [InlineData(Anthropic, """{"model":"a","max_tokens":null}""", """{"model":"up","max_tokens":4000}""")]
    [InlineData(Anthropic, """{"model":"a","max_tokens":"x"}""", """{"model":"up","max_tokens":"x"}""")]
    [InlineData(Anthropic, """{"model":"a","max_tokens":10}""", """{"model":"up","max_tokens":10}""")]
    [InlineData(Chat, """{"model":"a"}""", """{"model":"up","max_tokens":4000}""")]
    [InlineData(Chat, """{"model":"a","max_completion_tokens":-5}""", """{"model":"up","max_completion_tokens":4000}""")]
    [InlineData(Chat, """{"model":"a","max_tokens":0,"max_completion_tokens":7}""", """{"model":"up","max_tokens":0,"max_completion_tokens":7}""")]
    [InlineData(Responses, """{"model":"a"}""", """{"model":"up","max_output_tokens":4000}""")]
    [InlineData(Responses, """{"model":"a","max_output_tokens":0}""", """{"model":"up","max_output_tokens":4000}""")]
    public void Rewrite_MaxTokensDefault_OnlyWhenClientSentNone(ClientProtocol protocol, string body, string expected) =>
        Assert.Equal(expected, Rewrite(body, protocol, new TargetParams { MaxTokensDefault = 4000 }));

    [Fact]
    public void Rewrite_MaxTokensDefaultAboveMax_WritesTheMax()
    {
        var output = Rewrite("""{"model":"a"}""", Anthropic, new TargetParams { MaxTokensDefault = 64000, MaxTokensMax = 8192 });

        Assert.Equal("""{"model":"up","max_tokens":8192}""", output);
    }

    [Theory]
    [InlineData("8000", "1000", "999")]
    [InlineData("1000", "1000", "999")]
    [InlineData("999", "1000", "999")]
    [InlineData("5000", "100.5", "100")]
    [InlineData("\"5000\"", "1000", "\"5000\"")]
    public void Rewrite_BudgetNotBelowMaxTokens_LowersBudget(string budget, string maxTokens, string expected)
    {
        var output = Rewrite($$"""{"thinking":{"budget_tokens":{{budget}},"type":"enabled"},"max_tokens":{{maxTokens}}}""", Anthropic, TargetParams.None);

        Assert.Equal($$"""{"thinking":{"budget_tokens":{{expected}},"type":"enabled"},"max_tokens":{{maxTokens}},"model":"up"}""", output);
    }

    [Fact]
    public void Rewrite_BudgetAgainstCappedMaxTokens_UsesCappedValue()
    {
        var parameters = new TargetParams { MaxTokensMax = 4096, ThinkingBudgetMax = 24576 };

        var output = Rewrite("""{"max_tokens":32000,"thinking":{"type":"enabled","budget_tokens":30000}}""", Anthropic, parameters);

        Assert.Equal("""{"max_tokens":4096,"thinking":{"type":"enabled","budget_tokens":4095},"model":"up"}""", output);
    }

    [Theory]
    [InlineData("""{"thinking":{"type":"enabled","budget_tokens":1024},"max_tokens":1,"model":"a"}""", """{"max_tokens":1,"model":"up"}""")]
    [InlineData("""{"max_tokens":1,"thinking":{"type":"enabled","budget_tokens":1024},"model":"a"}""", """{"max_tokens":1,"model":"up"}""")]
    [InlineData("""{"model":"a","max_tokens":0 , "thinking" : {"type":"enabled","budget_tokens":1024} }""", """{"model":"up","max_tokens":0 }""")]
    [InlineData("""{"thinking":{"type":"enabled","budget_tokens":1024},"max_tokens":1}""", """{"max_tokens":1,"model":"up"}""")]
    public void Rewrite_MaxTokensAtMostOne_RemovesThinking(string body, string expected) =>
        Assert.Equal(expected, Rewrite(body, Anthropic, TargetParams.None));

    [Fact]
    public void Rewrite_ThinkingRemovedWithEffortInBudget_MovesEffortToOutputConfig()
    {
        var parameters = new TargetParams { ReasoningEffort = "high", MaxTokensMax = 1 };

        var output = Rewrite("""{"model":"a","thinking":{"type":"enabled","budget_tokens":2000},"max_tokens":500}""", Anthropic, parameters);

        Assert.Equal("""{"model":"up","max_tokens":1,"output_config":{"effort":"high"}}""", output);
        Assert.Equal(output, Rewrite(output, Anthropic, parameters));
    }

    [Fact]
    public void Rewrite_BudgetWithoutMaxTokens_IsOnlyCapped()
    {
        var output = Rewrite("""{"thinking":{"type":"enabled","budget_tokens":50000}}""", Anthropic, new TargetParams { ThinkingBudgetMax = 32000 });

        Assert.Equal("""{"thinking":{"type":"enabled","budget_tokens":32000},"model":"up"}""", output);
    }

    [Fact]
    public void Rewrite_ChatThinkingBudget_IsNotTouched()
    {
        const string Body = """{"model":"up","thinking":{"type":"enabled","budget_tokens":50000},"max_tokens":100}""";

        Assert.Equal(Body, Rewrite(Body, Chat, new TargetParams { ThinkingBudgetMax = 1000 }));
    }
}
