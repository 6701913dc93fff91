using static FlowGate.Routing.Tests.Rewriting.RewriteAssert;

namespace FlowGate.Routing.Tests.Rewriting;

/// <summary>Step 6: removing top-level members with the right commas.</summary>
public sealed class RequestRewriterDropTests
{
    [Theory]
    [InlineData("""{"metadata":{"a":1},"model":"x"}""", """{"model":"up"}""")]
    [InlineData("""{"model":"x","metadata":{"a":1}}""", """{"model":"up"}""")]
    [InlineData("""{"model":"x","metadata":{"a":1},"stream":true}""", """{"model":"up","stream":true}""")]
    [InlineData("""{ "model" : "x" ,  "metadata" : [1,{"b":2}] ,  "stream" : true }""", """{ "model" : "up" ,  "stream" : true }""")]
    [InlineData("""{ "model" : "x" ,  "stream" : true ,  "metadata" : "m"  }""", """{ "model" : "up" ,  "stream" : true  }""")]
    [InlineData("""{"metadata":1,"metadata":2,"model":"x"}""", """{"model":"up"}""")]
    [InlineData("""{"metadata":1,"model":"x","metadata":2}""", """{"model":"up"}""")]
    [InlineData("""{"x":{"metadata":1},"model":"x"}""", """{"x":{"metadata":1},"model":"up"}""")]
    public void Rewrite_DropParams_RemovesMemberAndOneComma(string body, string expected) =>
        Assert.Equal(expected, Rewrite(body, ClientProtocol.AnthropicMessages, new TargetParams { DropParams = ["metadata"] }));

    [Theory]
    [InlineData("""{"a":1,"b":2,"c":3,"d":4}""", """{"a":1,"d":4,"model":"up"}""")]
    [InlineData("""{"b":1,"c":2,"a":3,"d":4}""", """{"a":3,"d":4,"model":"up"}""")]
    [InlineData("""{"a":1,"d":2,"b":3,"c":4}""", """{"a":1,"d":2,"model":"up"}""")]
    [InlineData("""{"b":1,"a":2,"c":3}""", """{"a":2,"model":"up"}""")]
    [InlineData("""{"b":1,"c":2}""", """{"model":"up"}""")]
    [InlineData("""{ "b":1 , "c":2 }""", """{ "model":"up" }""")]
    [InlineData("""{"c":1}""", """{"model":"up"}""")]
    public void Rewrite_DropParamsRuns_KeepObjectValid(string body, string expected) =>
        Assert.Equal(expected, Rewrite(body, ClientProtocol.OpenAIChat, new TargetParams { DropParams = ["b", "c"] }));

    [Fact]
    public void Rewrite_DropEverything_LeavesEmptyObject()
    {
        var parameters = new TargetParams { DropParams = ["model", "max_tokens", "x"], MaxTokensDefault = 100 };

        Assert.Equal("{  }", Rewrite("""{ "model":"a", "x":1 }""", ClientProtocol.AnthropicMessages, parameters));
        Assert.Equal("{}", Rewrite("{}", ClientProtocol.AnthropicMessages, parameters));
    }

    [Fact]
    public void Rewrite_ChatMaxTokensDropped_DefaultGoesToMaxCompletionTokens()
    {
        var parameters = new TargetParams { DropParams = ["model", "max_tokens", "x"], MaxTokensDefault = 100 };

        Assert.Equal("""{ "max_completion_tokens":100 }""", Rewrite("""{ "model":"a", "x":1 }""", ClientProtocol.OpenAIChat, parameters));
        Assert.Equal("""{"max_completion_tokens":100}""", Rewrite("""{"max_tokens":5000}""", ClientProtocol.OpenAIChat, parameters));
    }

    [Fact]
    public void Rewrite_DroppedPositiveLimit_DoesNotCountAsSent()
    {
        var parameters = new TargetParams { DropParams = ["max_completion_tokens"], MaxTokensDefault = 4096 };

        var output = Rewrite("""{"model":"a","max_completion_tokens":12288}""", ClientProtocol.OpenAIChat, parameters);

        Assert.Equal("""{"model":"up","max_tokens":4096}""", output);
        Assert.Equal(output, Rewrite(output, ClientProtocol.OpenAIChat, parameters));
    }

    [Fact]
    public void Rewrite_DroppedMemberWouldBeEdited_IsRemovedNotEdited()
    {
        var parameters = new TargetParams { DropParams = ["max_tokens", "thinking"], MaxTokensMax = 10, ThinkingBudgetMax = 5 };

        var output = Rewrite("""{"max_tokens":500,"thinking":{"type":"enabled","budget_tokens":400},"model":"a"}""", ClientProtocol.AnthropicMessages, parameters);

        Assert.Equal("""{"model":"up"}""", output);
    }

    [Fact]
    public void Rewrite_DropNameWithEscapes_MatchesUnescapedName()
    {
        var output = Rewrite("""{"meta\u0064ata":1,"model":"a"}""", ClientProtocol.AnthropicMessages, new TargetParams { DropParams = ["metadata"] });

        Assert.Equal("""{"model":"up"}""", output);
    }
}
