using System.Text;
using System.Text.Json;
using FlowGate.Routing.Protocols.Answers;

namespace FlowGate.Routing.Protocols.Errors;

/// <summary>What kind of failure an upstream error reports, across the two vocabularies.</summary>
internal enum ErrorKind
{
    InvalidRequest,
    ContextLength,
    Authentication,
    Permission,
    NotFound,
    RequestTooLarge,
    RateLimit,
    Quota,
    Overloaded,
    Api,
}

/// <summary>An upstream error, classified, with its message kept verbatim.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Message">The upstream's message (verbatim; Claude Code's recovery matches on its wording).</param>
/// <param name="Param">The OpenAI <c>param</c>, when the upstream gave one.</param>
internal readonly record struct UpstreamError(ErrorKind Kind, string Message, string? Param = null)
{
    /// <summary>Gets the Anthropic error type.</summary>
    public string AnthropicType => Kind switch
    {
        ErrorKind.Authentication => "authentication_error",
        ErrorKind.Permission => "permission_error",
        ErrorKind.NotFound => "not_found_error",
        ErrorKind.RequestTooLarge => "request_too_large",
        ErrorKind.RateLimit or ErrorKind.Quota => "rate_limit_error",
        ErrorKind.Overloaded => "overloaded_error",
        ErrorKind.Api => "api_error",
        _ => "invalid_request_error",
    };

    /// <summary>Gets the OpenAI error type.</summary>
    public string OpenAIType => Kind switch
    {
        ErrorKind.RateLimit => "requests",
        ErrorKind.Quota => "insufficient_quota",
        ErrorKind.Overloaded or ErrorKind.Api => "server_error",
        _ => "invalid_request_error",
    };

    /// <summary>Gets the OpenAI error code (the one Codex matches on), or null.</summary>
    public string? OpenAICode => Kind switch
    {
        ErrorKind.ContextLength => "context_length_exceeded",
        ErrorKind.Authentication => "invalid_api_key",
        ErrorKind.Permission => "permission_denied",
        ErrorKind.NotFound => "model_not_found",
        ErrorKind.RequestTooLarge => "request_too_large",
        ErrorKind.RateLimit => "rate_limit_exceeded",
        ErrorKind.Quota => "insufficient_quota",
        ErrorKind.Overloaded => "server_overloaded",
        _ => null,
    };

    /// <summary>
    /// Gets the message for an Anthropic client: verbatim, except that a context-length error that does not say
    /// "prompt is too long" (an OpenAI wording) is prefixed with it, the phrase Claude Code's recovery looks for.
    /// </summary>
    public string AnthropicMessage =>
        Kind == ErrorKind.ContextLength && !Message.Contains("prompt is too long", StringComparison.OrdinalIgnoreCase)
            ? "prompt is too long: " + Message
            : Message;
}

/// <summary>
/// Error bodies between the protocols (<see cref="ProtocolTranslator.TranslateError"/>, mid-stream error events).
/// Reads Anthropic <c>{"type":"error","error":{type,message}}</c>, OpenAI <c>{"error":{message,type,param,code}}</c>,
/// flat <c>{code,message}</c> / <c>{message}</c> / <c>{detail}</c> shapes and plain text; classifies by code, then
/// type, then wording (context length), then status; writes the client's shape with the message verbatim.
/// </summary>
internal static class ErrorMapping
{
    /// <summary>Plain-text bodies longer than this (HTML error pages) are cut.</summary>
    private const int MaxTextMessage = 4096;

    public static UpstreamError Classify(string? kindName, string message, int status)
    {
        var kind = FromName(kindName) ?? FromStatus(status);
        if (kind is ErrorKind.InvalidRequest or ErrorKind.RequestTooLarge && LooksLikeContext(message))
        {
            kind = ErrorKind.ContextLength;
        }

        if (message.Length == 0)
        {
            message = DefaultMessage(kind, status);
        }

        return new UpstreamError(kind, message);
    }

    /// <summary>Reads an upstream error body of any of the shapes.</summary>
    /// <param name="body">The body.</param>
    /// <param name="status">The upstream's status.</param>
    /// <returns>The error.</returns>
    public static UpstreamError Read(ReadOnlySpan<byte> body, int status)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray(), AnswerJson.DocumentOptions);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var error = AnswerJson.Property(root, "error");
                if (error.ValueKind == JsonValueKind.String)
                {
                    return Classify(null, error.GetString() ?? string.Empty, status);
                }

                var holder = error.ValueKind == JsonValueKind.Object ? error : root;
                var message = AnswerJson.String(holder, "message");
                if (message.Length == 0)
                {
                    message = AnswerJson.String(holder, "detail");
                }

                var code = AnswerJson.String(holder, "code");
                var type = AnswerJson.String(holder, "type");
                var named = FromName(code) is not null ? code : FromName(type) is not null ? type : null;
                var result = Classify(named, message, status);
                var param = AnswerJson.String(holder, "param");
                return param.Length > 0 ? result with { Param = param } : result;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text is the message.
        }

        var text = Encoding.UTF8.GetString(body).Trim();
        if (text.Length > MaxTextMessage)
        {
            text = text[..MaxTextMessage];
        }

        return Classify(null, text, status);
    }

    public static byte[] Encode(ClientProtocol client, in UpstreamError error) => AnswerJson.Write((client, error), static (w, state) =>
    {
        if (state.client == ClientProtocol.AnthropicMessages)
        {
            WriteAnthropic(w, state.error);
        }
        else
        {
            WriteOpenAI(w, state.error);
        }
    });

    public static void WriteAnthropic(Utf8JsonWriter w, in UpstreamError error)
    {
        w.WriteStartObject();
        w.WriteString("type"u8, "error"u8);
        w.WriteStartObject("error"u8);
        w.WriteString("type"u8, error.AnthropicType);
        w.WriteString("message"u8, error.AnthropicMessage);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteOpenAI(Utf8JsonWriter w, in UpstreamError error)
    {
        w.WriteStartObject();
        w.WriteStartObject("error"u8);
        w.WriteString("message"u8, error.Message);
        w.WriteString("type"u8, error.OpenAIType);
        if (error.Param is null)
        {
            w.WriteNull("param"u8);
        }
        else
        {
            w.WriteString("param"u8, error.Param);
        }

        if (error.OpenAICode is { } code)
        {
            w.WriteString("code"u8, code);
        }
        else
        {
            w.WriteNull("code"u8);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static ErrorKind? FromName(string? name) => name switch
    {
        null or "" => null,
        "invalid_request_error" or "invalid_request" or "bad_request" => ErrorKind.InvalidRequest,
        "context_length_exceeded" or "model_context_window_exceeded" => ErrorKind.ContextLength,
        "authentication_error" or "invalid_api_key" or "authentication" or "unauthorized" => ErrorKind.Authentication,
        "permission_error" or "permission_denied" or "insufficient_permissions" or "forbidden" => ErrorKind.Permission,
        "not_found_error" or "model_not_found" or "not_found" => ErrorKind.NotFound,
        "request_too_large" => ErrorKind.RequestTooLarge,
        "rate_limit_error" or "rate_limit_exceeded" or "requests" or "tokens" or "rate_limited" => ErrorKind.RateLimit,
        "insufficient_quota" or "usage_not_included" => ErrorKind.Quota,
        "overloaded_error" or "server_overloaded" or "overloaded" or "server_is_overloaded" or "service_unavailable" => ErrorKind.Overloaded,
        "api_error" or "server_error" or "internal_error" or "internal_server_error" => ErrorKind.Api,
        _ => null,
    };

    private static ErrorKind FromStatus(int status) => status switch
    {
        401 => ErrorKind.Authentication,
        403 => ErrorKind.Permission,
        404 => ErrorKind.NotFound,
        413 => ErrorKind.RequestTooLarge,
        429 => ErrorKind.RateLimit,
        503 or 529 => ErrorKind.Overloaded,
        >= 500 or 0 => ErrorKind.Api,
        _ => ErrorKind.InvalidRequest,
    };

    private static bool LooksLikeContext(string message) =>
        message.Contains("prompt is too long", StringComparison.OrdinalIgnoreCase)
        || message.Contains("context length", StringComparison.OrdinalIgnoreCase)
        || message.Contains("context_length_exceeded", StringComparison.OrdinalIgnoreCase)
        || message.Contains("context window", StringComparison.OrdinalIgnoreCase);

    private static string DefaultMessage(ErrorKind kind, int status) => status > 0
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Upstream error {status} ({kind})")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Upstream stream error ({kind})");
}
