namespace FlowGate.MockUpstream.Strict;

/// <summary>What a real API would refuse about a request: its status, and the error it answers with.</summary>
/// <param name="Status">The HTTP status (400 for a bad request, 401 for missing credentials).</param>
/// <param name="Type">The error type (<c>invalid_request_error</c>, <c>authentication_error</c>).</param>
/// <param name="Message">The real API's wording.</param>
/// <param name="Param">The OpenAI <c>param</c> field, if any.</param>
/// <param name="Code">The OpenAI <c>code</c> field, if any.</param>
internal sealed record StrictViolation(int Status, string Type, string Message, string? Param = null, string? Code = null)
{
    public static StrictViolation Invalid(string message, string? param = null, string? code = null) => new(400, "invalid_request_error", message, param, code);
}
