using FlowGate.Routing.AspNetCore.Errors;
using FlowGate.Routing.AspNetCore.Tests.Support;

namespace FlowGate.Routing.AspNetCore.Tests.Errors;

public sealed class StreamTerminalTests
{
    [Fact]
    public void Anthropic_OneErrorEvent()
    {
        var (name, data) = Assert.Single(Sse.Parse(ClientErrors.StreamTerminal(ClientProtocol.AnthropicMessages, ErrorKind.Overloaded, "Overloaded \"now\"\n")));

        Assert.Equal("error", name);
        Assert.Equal("error", data.GetProperty("type").GetString());
        Assert.Equal("overloaded_error", data.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("Overloaded \"now\"\n", data.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public void Responses_OneResponseFailedEvent()
    {
        var (name, data) = Assert.Single(Sse.Parse(ClientErrors.StreamTerminal(ClientProtocol.OpenAIResponses, ErrorKind.BadGateway, "upstream reset")));

        Assert.Equal("response.failed", name);
        Assert.Equal("response.failed", data.GetProperty("type").GetString());
        var response = data.GetProperty("response");
        Assert.StartsWith("resp_", response.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("failed", response.GetProperty("status").GetString());
        Assert.Equal("server_error", response.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("upstream reset", response.GetProperty("error").GetProperty("message").GetString());
        Assert.False(data.TryGetProperty("sequence_number", out _));
    }

    [Fact]
    public void Responses_WithIdSequenceAndCode_CarriesThem()
    {
        var bytes = ClientErrors.StreamTerminal(ClientProtocol.OpenAIResponses, ErrorKind.InvalidRequest, "too long", code: "context_length_exceeded", responseId: "resp_abc", sequenceNumber: 7);
        var (_, data) = Assert.Single(Sse.Parse(bytes));

        Assert.Equal(7, data.GetProperty("sequence_number").GetInt64());
        Assert.Equal("resp_abc", data.GetProperty("response").GetProperty("id").GetString());
        Assert.Equal("context_length_exceeded", data.GetProperty("response").GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("RateLimited", "rate_limit_exceeded")]
    [InlineData("Overloaded", "server_is_overloaded")]
    [InlineData("Timeout", "timeout")]
    [InlineData("Internal", "server_error")]
    public void Responses_CodesCodexMatchesOn(string kind, string code)
    {
        var (_, data) = Assert.Single(Sse.Parse(ClientErrors.StreamTerminal(ClientProtocol.OpenAIResponses, Enum.Parse<ErrorKind>(kind), "x")));

        Assert.Equal(code, data.GetProperty("response").GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public void Chat_OneDataErrorObject_NoDone()
    {
        var bytes = ClientErrors.StreamTerminal(ClientProtocol.OpenAIChat, ErrorKind.Timeout, "deadline passed");
        var (name, data) = Assert.Single(Sse.Parse(bytes));

        Assert.Null(name);
        Assert.DoesNotContain("[DONE]", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        var error = data.GetProperty("error");
        Assert.Equal("deadline passed", error.GetProperty("message").GetString());
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("timeout", error.GetProperty("code").GetString());
    }
}
