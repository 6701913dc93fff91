namespace FlowGate.Routing.AspNetCore.Errors;

/// <summary>How one <see cref="ErrorKind"/> is spelled on the wire: its HTTP status and the error type (and default code) per protocol.</summary>
/// <param name="Status">The status for OpenAI clients (and Anthropic clients unless <paramref name="AnthropicStatus"/> differs).</param>
/// <param name="AnthropicStatus">The status for Anthropic clients.</param>
/// <param name="AnthropicType">Anthropic's <c>error.type</c>.</param>
/// <param name="OpenAIType">OpenAI's <c>error.type</c>.</param>
/// <param name="OpenAICode">OpenAI's default <c>error.code</c>, when the kind has one.</param>
/// <param name="StreamCode">The <c>error.code</c> of a Responses <c>response.failed</c> event (Codex matches on it).</param>
internal readonly record struct ErrorSpelling(int Status, int AnthropicStatus, string AnthropicType, string OpenAIType, string? OpenAICode, string StreamCode)
{
    /// <summary>Gets the status for a client protocol.</summary>
    public int StatusFor(ClientProtocol protocol) => protocol == ClientProtocol.AnthropicMessages ? AnthropicStatus : Status;
}
