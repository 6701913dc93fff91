namespace FlowGate.Routing.Protocols.Model;

/// <summary>A piece of a turn.</summary>
internal abstract record Part;

/// <summary>Visible text.</summary>
/// <param name="Text">The text.</param>
/// <param name="CacheControl">Anthropic's raw <c>cache_control</c> value, carried only to Anthropic.</param>
internal sealed record TextPart(string Text, string? CacheControl = null) : Part;

/// <summary>An image, inline (base64) or by URL.</summary>
/// <param name="MediaType">The media type of inline data.</param>
/// <param name="Data">The base64 data.</param>
/// <param name="Url">The URL, for images by reference.</param>
internal sealed record ImagePart(string? MediaType, string? Data, string? Url) : Part
{
    /// <summary>Gets the image as a URL: the reference, or a <c>data:</c> URL of the inline data.</summary>
    public string AsUrl => Url ?? $"data:{MediaType};base64,{Data}";
}

/// <summary>A tool call made by the model.</summary>
/// <param name="Id">The call id the result refers to.</param>
/// <param name="Name">The tool's name in the client's spelling (a namespace tool: <c>namespace__tool</c>).</param>
/// <param name="Arguments">The arguments, raw JSON object text (a custom tool: <c>{"input": raw}</c>).</param>
/// <param name="Custom">Whether this is a Responses <c>custom_tool_call</c> (freeform input).</param>
internal sealed record ToolCallPart(string Id, string Name, string Arguments, bool Custom = false) : Part;

/// <summary>The result of a tool call.</summary>
/// <param name="CallId">The call it answers.</param>
/// <param name="Content">Its content: text and images.</param>
/// <param name="IsError">Whether the tool failed (Anthropic only).</param>
internal sealed record ToolResultPart(string CallId, ValueArray<Part> Content, bool IsError = false) : Part;

/// <summary>An Anthropic thinking block (or a Chat <c>reasoning_content</c>, unsigned).</summary>
/// <param name="Text">The thinking text.</param>
/// <param name="Signature">The provider's signature.</param>
internal sealed record ThinkingPart(string Text, string? Signature) : Part;

/// <summary>An Anthropic redacted thinking block.</summary>
/// <param name="Data">The encrypted data.</param>
internal sealed record RedactedThinkingPart(string Data) : Part;

/// <summary>A Responses reasoning item.</summary>
/// <param name="Id">The item id.</param>
/// <param name="Summary">The summary texts.</param>
/// <param name="EncryptedContent">The provider's encrypted reasoning.</param>
internal sealed record ReasoningPart(string? Id, ValueArray<string> Summary, string? EncryptedContent) : Part;
