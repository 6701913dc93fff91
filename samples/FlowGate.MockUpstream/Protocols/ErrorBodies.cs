using System.Globalization;
using FlowGate.MockUpstream.Faults;

namespace FlowGate.MockUpstream.Protocols;

/// <summary>The status and protocol-correct error body an error fault answers with.</summary>
internal static class ErrorBodies
{
    /// <summary>The context window the mock claims when it answers <c>context</c>.</summary>
    public const int ContextWindow = 200_000;

    public static (int Status, byte[] Body) For(bool anthropic, MockFault fault, int inputTokens)
    {
        var status = fault.Status ?? 400;
        var tokens = (ContextWindow + inputTokens).ToString(CultureInfo.InvariantCulture);
        if (anthropic)
        {
            var (type, message) = fault.Context ? ("invalid_request_error", $"prompt is too long: {tokens} tokens > {ContextWindow} maximum")
                : fault.Signature ? ("invalid_request_error", "messages.1.content.0: Invalid `signature` in `thinking` block")
                : AnthropicError(status);
            return (status, AnthropicWriter.Error(type, fault.Message ?? message));
        }

        var retry = fault.RetryAfterSeconds?.ToString(CultureInfo.InvariantCulture) ?? "1";
        var (openAiMessage, openAiType, param, code) = fault.Context
            ? ($"This model's maximum context length is {ContextWindow} tokens. However, your messages resulted in {tokens} tokens. Please reduce the length of the messages.",
                "invalid_request_error", "messages", "context_length_exceeded")
            : fault.Signature
            ? ("The encrypted content of the reasoning item could not be verified: invalid thinking signature.", "invalid_request_error", "input", "invalid_encrypted_content")
            : OpenAIError(status, retry);
        return (status, ChatWriter.Error(fault.Message ?? openAiMessage, openAiType, param, code));
    }

    private static (string Type, string Message) AnthropicError(int status) => status switch
    {
        401 => ("authentication_error", "invalid x-api-key"),
        403 => ("permission_error", "Your API key does not have permission to use the specified resource."),
        404 => ("not_found_error", "model: not found"),
        413 => ("request_too_large", "Request exceeds the maximum allowed number of bytes."),
        429 => ("rate_limit_error", "This request would exceed the rate limit for your organization. Please try again later."),
        503 or 529 => ("overloaded_error", "Overloaded"),
        >= 500 => ("api_error", "Internal server error"),
        _ => ("invalid_request_error", "mock: invalid request"),
    };

    private static (string Message, string Type, string? Param, string? Code) OpenAIError(int status, string retry) => status switch
    {
        401 => ("Incorrect API key provided.", "invalid_request_error", null, "invalid_api_key"),
        403 => ("You are not allowed to use this model.", "invalid_request_error", null, "permission_denied"),
        404 => ("The model does not exist or you do not have access to it.", "invalid_request_error", "model", "model_not_found"),
        429 => ($"Rate limit reached for requests. Please try again in {retry}s.", "requests", null, "rate_limit_exceeded"),
        503 or 529 => ("The server is overloaded or not ready yet.", "server_error", null, "server_overloaded"),
        >= 500 => ("The server had an error while processing your request.", "server_error", null, null),
        _ => ("mock: invalid request", "invalid_request_error", null, null),
    };
}
