using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace FlowGate.Routing.AspNetCore.Errors;

/// <summary>
/// Writes FlowGate's own errors in the client's protocol: a complete JSON error response before anything was sent, or
/// the SSE event that ends a committed stream. Messages are JSON-escaped here; callers pass messages that
/// never contain a secret (no upstream key, gateway key or token), because they reach the client as written.
/// </summary>
internal static class ClientErrors
{
    // Relaxed escaping: the body is JSON served as application/json, never embedded in HTML, so quotes stay readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes a complete error response: status, <c>Retry-After</c> when given, and the protocol's error JSON.</summary>
    /// <remarks>Does nothing once the response has started: the caller aborts the connection instead.</remarks>
    public static Task WriteAsync(HttpContext context, ClientProtocol protocol, ErrorKind kind, string message, TimeSpan? retryAfter = null) =>
        WriteAsync(context, protocol, kind, message, code: null, param: null, retryAfter);

    /// <summary>
    /// Writes a complete error response with an OpenAI <c>code</c> (for example <c>model_not_found</c>) and <c>param</c>
    /// (for example <c>model</c>); Anthropic bodies have neither and ignore them.
    /// </summary>
    /// <remarks>
    /// Does nothing once the response has started. <see cref="ErrorKind.MethodNotAllowed"/> adds <c>Allow: POST</c> unless
    /// the caller already set <c>Allow</c>; <see cref="ErrorKind.Authentication"/> adds <c>WWW-Authenticate: Bearer</c>.
    /// </remarks>
    public static Task WriteAsync(HttpContext context, ClientProtocol protocol, ErrorKind kind, string message, string? code, string? param = null, TimeSpan? retryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        var body = Body(protocol, kind, message, code, param);
        response.StatusCode = StatusOf(protocol, kind);
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        if (retryAfter is { } delay)
        {
            response.Headers.RetryAfter = RetryAfterSeconds(delay);
        }

        if (kind == ErrorKind.MethodNotAllowed && StringValues.IsNullOrEmpty(response.Headers.Allow))
        {
            response.Headers.Allow = "POST";
        }
        else if (kind == ErrorKind.Authentication)
        {
            response.Headers.WWWAuthenticate = "Bearer";
        }

        return response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>
    /// Writes 404 for a model no route, alias or pattern matches: OpenAI code <c>model_not_found</c> with
    /// <c>param</c> <c>model</c>, and the closest known model named in the message.
    /// </summary>
    public static Task UnknownModelAsync(HttpContext context, ClientProtocol protocol, string model, string? closestMatch)
    {
        var message = closestMatch is null
            ? $"The model '{model}' does not exist on this gateway."
            : $"The model '{model}' does not exist on this gateway. Did you mean '{closestMatch}'?";
        return WriteAsync(context, protocol, ErrorKind.NotFound, message, code: "model_not_found", param: "model");
    }

    /// <summary>Gets the HTTP status of a kind in a protocol (<see cref="ErrorKind.Overloaded"/>: 529 for Anthropic, 503 otherwise).</summary>
    public static int StatusOf(ClientProtocol protocol, ErrorKind kind) => ErrorCatalog.Of(kind).StatusFor(protocol);

    /// <summary>Gets the <c>Retry-After</c> value for a delay: whole seconds, rounded up, never negative.</summary>
    public static string RetryAfterSeconds(TimeSpan delay)
    {
        var seconds = Math.Ceiling(Math.Max(0, delay.TotalSeconds));
        return ((long)Math.Min(seconds, int.MaxValue)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Gets the JSON error body of a kind in a protocol.</summary>
    public static byte[] Body(ClientProtocol protocol, ErrorKind kind, string message, string? code = null, string? param = null)
    {
        var buffer = new ArrayBufferWriter<byte>(128 + message.Length);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if (protocol == ClientProtocol.AnthropicMessages)
            {
                WriteAnthropicError(json, kind, message);
            }
            else
            {
                WriteOpenAIError(json, kind, message, code, param);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The SSE bytes that end a committed stream with an error (Anthropic <c>event: error</c>; Responses <c>response.failed</c>; Chat one <c>data:</c> error object, no <c>[DONE]</c>).</summary>
    public static byte[] StreamTerminal(ClientProtocol protocol, ErrorKind kind, string message) => StreamTerminal(protocol, kind, message, code: null);

    /// <summary>
    /// The SSE bytes that end a committed stream with an error, with an OpenAI code (for example an upstream's
    /// <c>context_length_exceeded</c>) and, for Responses, the id of the response the stream announced and the next
    /// <c>sequence_number</c> (omitted when <see langword="null"/>; a fresh <c>resp_</c> id when no id is given).
    /// </summary>
    public static byte[] StreamTerminal(ClientProtocol protocol, ErrorKind kind, string message, string? code, string? responseId = null, long? sequenceNumber = null)
    {
        var buffer = new ArrayBufferWriter<byte>(160 + message.Length);
        switch (protocol)
        {
            case ClientProtocol.AnthropicMessages:
                buffer.Write("event: error\ndata: "u8);
                WriteJson(buffer, json => WriteAnthropicError(json, kind, message));
                break;
            case ClientProtocol.OpenAIResponses:
                buffer.Write("event: response.failed\ndata: "u8);
                WriteJson(buffer, json => WriteResponseFailed(json, kind, message, code, responseId, sequenceNumber));
                break;
            default:
                buffer.Write("data: "u8);
                WriteJson(buffer, json => WriteOpenAIError(json, kind, message, code, param: null));
                break;
        }

        buffer.Write("\n\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteJson(ArrayBufferWriter<byte> buffer, Action<Utf8JsonWriter> write)
    {
        using var json = new Utf8JsonWriter(buffer, WriterOptions);
        write(json);
    }

    private static void WriteAnthropicError(Utf8JsonWriter json, ErrorKind kind, string message)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "error"u8);
        json.WriteStartObject("error"u8);
        json.WriteString("type"u8, ErrorCatalog.Of(kind).AnthropicType);
        json.WriteString("message"u8, message);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteOpenAIError(Utf8JsonWriter json, ErrorKind kind, string message, string? code, string? param)
    {
        var spelling = ErrorCatalog.Of(kind);
        json.WriteStartObject();
        json.WriteStartObject("error"u8);
        json.WriteString("message"u8, message);
        json.WriteString("type"u8, spelling.OpenAIType);
        WriteStringOrNull(json, "param"u8, param);
        WriteStringOrNull(json, "code"u8, code ?? spelling.OpenAICode);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResponseFailed(Utf8JsonWriter json, ErrorKind kind, string message, string? code, string? responseId, long? sequenceNumber)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, "response.failed"u8);
        if (sequenceNumber is { } sequence)
        {
            json.WriteNumber("sequence_number"u8, sequence);
        }

        json.WriteStartObject("response"u8);
        json.WriteString("id"u8, responseId ?? "resp_" + Guid.NewGuid().ToString("N"));
        json.WriteString("object"u8, "response"u8);
        json.WriteString("status"u8, "failed"u8);
        json.WriteStartObject("error"u8);
        json.WriteString("code"u8, code ?? ErrorCatalog.Of(kind).StreamCode);
        json.WriteString("message"u8, message);
        json.WriteEndObject();
        json.WriteStartArray("output"u8);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
