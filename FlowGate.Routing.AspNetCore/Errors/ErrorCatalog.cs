namespace FlowGate.Routing.AspNetCore.Errors;

/// <summary>
/// The spelling of every <see cref="ErrorKind"/>. Anthropic types are the real ones of the Messages API
/// (<c>request_too_large</c>, <c>timeout_error</c> included); OpenAI types and codes follow what OpenAI and Codex
/// match on (<c>invalid_api_key</c>, <c>rate_limit_exceeded</c>, <c>server_is_overloaded</c>).
/// </summary>
/// <remarks>
/// <see cref="ErrorKind.Overloaded"/> is 503 for OpenAI clients but 529 for Anthropic clients: 529 with
/// <c>overloaded_error</c> is what Anthropic itself answers, and Claude Code keys its overload handling on it (it retries
/// with backoff, honouring <c>Retry-After</c>, and after repeated 529s switches to the user's fallback model); a 503 would
/// only be a generic server error to it. Another FlowGate in front classifies 529 as "rate" like 503.
/// </remarks>
internal static class ErrorCatalog
{
    private static readonly ErrorSpelling[] Spellings = Build();

    /// <summary>Gets the spelling of a kind.</summary>
    public static ErrorSpelling Of(ErrorKind kind) =>
        (uint)kind < (uint)Spellings.Length ? Spellings[(int)kind] : Spellings[(int)ErrorKind.Internal];

    private static ErrorSpelling[] Build()
    {
        var table = new ErrorSpelling[(int)ErrorKind.Busy + 1];
        table[(int)ErrorKind.InvalidRequest] = new(400, 400, "invalid_request_error", "invalid_request_error", null, "invalid_request_error");
        table[(int)ErrorKind.Authentication] = new(401, 401, "authentication_error", "authentication_error", "invalid_api_key", "invalid_api_key");
        table[(int)ErrorKind.Permission] = new(403, 403, "permission_error", "permission_error", null, "permission_error");
        table[(int)ErrorKind.NotFound] = new(404, 404, "not_found_error", "not_found_error", null, "not_found_error");
        table[(int)ErrorKind.MethodNotAllowed] = new(405, 405, "invalid_request_error", "invalid_request_error", "method_not_allowed", "method_not_allowed");
        table[(int)ErrorKind.RequestTooLarge] = new(413, 413, "request_too_large", "invalid_request_error", "request_too_large", "request_too_large");
        table[(int)ErrorKind.RequestTimeout] = new(408, 408, "timeout_error", "invalid_request_error", "request_timeout", "request_timeout");
        table[(int)ErrorKind.UnsupportedMediaType] = new(415, 415, "invalid_request_error", "invalid_request_error", "unsupported_media_type", "unsupported_media_type");
        table[(int)ErrorKind.RateLimited] = new(429, 429, "rate_limit_error", "rate_limit_exceeded", "rate_limit_exceeded", "rate_limit_exceeded");
        table[(int)ErrorKind.Overloaded] = new(503, 529, "overloaded_error", "server_error", "server_is_overloaded", "server_is_overloaded");
        table[(int)ErrorKind.BadGateway] = new(502, 502, "api_error", "server_error", "bad_gateway", "server_error");
        table[(int)ErrorKind.Timeout] = new(504, 504, "timeout_error", "server_error", "timeout", "timeout");
        table[(int)ErrorKind.Internal] = new(500, 500, "api_error", "server_error", null, "server_error");
        table[(int)ErrorKind.NotImplemented] = new(501, 501, "api_error", "server_error", "not_implemented", "not_implemented");
        table[(int)ErrorKind.Busy] = new(503, 503, "overloaded_error", "server_error", "server_is_overloaded", "server_is_overloaded");
        return table;
    }
}
