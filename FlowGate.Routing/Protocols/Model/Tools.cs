namespace FlowGate.Routing.Protocols.Model;

/// <summary>A tool offered to the model.</summary>
internal abstract record Tool;

/// <summary>A function tool with a JSON schema.</summary>
/// <param name="Name">The name in the client's spelling (a flattened namespace tool: <c>namespace__tool</c>).</param>
/// <param name="Description">The description.</param>
/// <param name="Parameters">The raw JSON schema of the arguments, or <see langword="null"/> when none was given.</param>
/// <param name="Strict">The raw <c>strict</c> value, when given.</param>
/// <param name="CacheControl">Anthropic's raw <c>cache_control</c>, carried only to Anthropic.</param>
internal sealed record FunctionTool(string Name, string? Description, string? Parameters, string? Strict = null, string? CacheControl = null) : Tool;

/// <summary>
/// A Responses <c>custom</c> (freeform) tool. Other protocols see it as a function taking
/// <c>{"input": string}</c>; its name goes into <see cref="TranslationContext.WrappedTools"/>.
/// </summary>
/// <param name="Name">The name.</param>
/// <param name="Description">The description.</param>
internal sealed record CustomTool(string Name, string? Description) : Tool;

/// <summary>The provider's hosted web search (Anthropic <c>web_search_*</c>, Responses <c>web_search</c>, Chat <c>web_search_options</c>).</summary>
/// <param name="Raw">The source definition, raw JSON (carried as is to the same protocol only).</param>
/// <param name="LiveAccess">Whether the client allows live web access (Codex <c>external_web_access</c>).</param>
internal sealed record WebSearchTool(string Raw, bool LiveAccess = true) : Tool;

/// <summary>How the model may use the tools.</summary>
internal enum ToolChoiceKind
{
    /// <summary>The model decides.</summary>
    Auto,

    /// <summary>No tool calls.</summary>
    None,

    /// <summary>At least one tool call (Anthropic <c>any</c>).</summary>
    Required,

    /// <summary>A named tool.</summary>
    Specific,
}

/// <summary>The tool choice.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Name">The tool's name (client spelling), for <see cref="ToolChoiceKind.Specific"/>.</param>
internal sealed record ToolChoice(ToolChoiceKind Kind, string? Name = null);
