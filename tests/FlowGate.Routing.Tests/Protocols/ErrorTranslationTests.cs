using System.Text;
using System.Text.Json;
using FlowGate.Routing.Protocols;

namespace FlowGate.Routing.Tests.Protocols;

public sealed class ErrorTranslationTests
{
    private static JsonElement Translate(string body, int status, ClientProtocol upstream, ClientProtocol client) =>
        JsonDocument.Parse(ProtocolTranslator.TranslateError(Encoding.UTF8.GetBytes(body), status, StreamHarness.Context(upstream, client, stream: false))).RootElement;

    [Theory]
    [InlineData("overloaded_error", "Overloaded", 529, "server_error", "server_overloaded")]
    [InlineData("rate_limit_error", "This request would exceed the rate limit", 429, "requests", "rate_limit_exceeded")]
    [InlineData("authentication_error", "invalid x-api-key", 401, "invalid_request_error", "invalid_api_key")]
    [InlineData("not_found_error", "model: not found", 404, "invalid_request_error", "model_not_found")]
    [InlineData("invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum", 400, "invalid_request_error", "context_length_exceeded")]
    [InlineData("api_error", "Internal server error", 500, "server_error", null)]
    public void Anthropic_ToOpenAI(string type, string message, int status, string openAiType, string? code)
    {
        foreach (var client in (ClientProtocol[])[ClientProtocol.OpenAIChat, ClientProtocol.OpenAIResponses])
        {
            var error = Translate($"{{\"type\":\"error\",\"error\":{{\"type\":\"{type}\",\"message\":\"{message}\"}}}}", status, ClientProtocol.AnthropicMessages, client).GetProperty("error");
            Assert.Equal(message, error.GetProperty("message").GetString());
            Assert.Equal(openAiType, error.GetProperty("type").GetString());
            Assert.Equal(code, error.GetProperty("code").GetString());
        }
    }

    [Theory]
    [InlineData("{\"error\":{\"message\":\"This model's maximum context length is 200000 tokens.\",\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}", 400, "invalid_request_error", "prompt is too long: This model's maximum context length is 200000 tokens.")]
    [InlineData("{\"error\":{\"message\":\"Rate limit reached for requests. Please try again in 1s.\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}", 429, "rate_limit_error", "Rate limit reached for requests. Please try again in 1s.")]
    [InlineData("{\"error\":{\"message\":\"The server is overloaded or not ready yet.\",\"type\":\"server_error\",\"param\":null,\"code\":\"server_overloaded\"}}", 503, "overloaded_error", "The server is overloaded or not ready yet.")]
    [InlineData("{\"error\":{\"message\":\"Incorrect API key provided.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}", 401, "authentication_error", "Incorrect API key provided.")]
    [InlineData("{\"error\":{\"code\":\"invalid_encrypted_content\",\"message\":\"invalid thinking signature.\"}}", 400, "invalid_request_error", "invalid thinking signature.")]
    [InlineData("{\"detail\":\"Not Found\"}", 404, "not_found_error", "Not Found")]
    [InlineData("<html>502 Bad Gateway</html>", 502, "api_error", "<html>502 Bad Gateway</html>")]
    [InlineData("", 529, "overloaded_error", "Upstream error 529 (Overloaded)")]
    public void OpenAI_ToAnthropic(string body, int status, string type, string message)
    {
        foreach (var upstream in (ClientProtocol[])[ClientProtocol.OpenAIChat, ClientProtocol.OpenAIResponses])
        {
            var root = Translate(body, status, upstream, ClientProtocol.AnthropicMessages);
            Assert.Equal("error", root.GetProperty("type").GetString());
            Assert.Equal(type, root.GetProperty("error").GetProperty("type").GetString());
            Assert.Equal(message, root.GetProperty("error").GetProperty("message").GetString());
        }
    }

    [Fact]
    public void PassThrough_JsonUnchanged_TextWrapped()
    {
        const string body = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},\"request_id\":\"req_1\"}";
        var context = StreamHarness.Context(ClientProtocol.AnthropicMessages, ClientProtocol.AnthropicMessages, stream: false);
        Assert.Equal(body, Encoding.UTF8.GetString(ProtocolTranslator.TranslateError(Encoding.UTF8.GetBytes(body), 529, context)));
        var wrapped = JsonDocument.Parse(ProtocolTranslator.TranslateError("upstream connect error"u8, 503, context)).RootElement;
        Assert.Equal("upstream connect error", wrapped.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public void OpenAIParamKept_ChatToResponses()
    {
        var error = Translate("{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"param\":\"tools\",\"code\":null}}", 400, ClientProtocol.OpenAIChat, ClientProtocol.OpenAIResponses).GetProperty("error");
        Assert.Equal("tools", error.GetProperty("param").GetString());
        Assert.Equal("bad", error.GetProperty("message").GetString());
    }
}
