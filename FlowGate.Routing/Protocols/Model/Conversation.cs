namespace FlowGate.Routing.Protocols.Model;

/// <summary>
/// A request in no protocol's terms: what the three decoders produce and the three encoders consume. Immutable;
/// raw JSON values (schemas, tool arguments, <c>cache_control</c>) are kept as their source text.
/// </summary>
/// <remarks>
/// Turns are kept as the client sent them (consecutive same-role turns are not merged, tool results are not
/// moved); each encoder applies its target's adjacency rules. <see cref="System"/> holds the leading
/// instructions (Anthropic <c>system</c>, Responses <c>instructions</c>, leading Chat system/developer messages);
/// instructions met later in the conversation are <see cref="Role.System"/> turns.
/// </remarks>
internal sealed record Conversation
{
    /// <summary>Gets the protocol the conversation was decoded from (which decides what may be carried as is).</summary>
    public required ClientProtocol Source { get; init; }

    /// <summary>Gets the client's model field.</summary>
    public string Model { get; init; } = string.Empty;

    /// <summary>Gets the leading system instructions.</summary>
    public ValueArray<TextPart> System { get; init; }

    /// <summary>Gets the turns in order.</summary>
    public ValueArray<Turn> Turns { get; init; }

    /// <summary>Gets the tools offered.</summary>
    public ValueArray<Tool> Tools { get; init; }

    /// <summary>Gets the Responses namespace tools flattened into <see cref="Tools"/>, to restore the client's names.</summary>
    public ValueArray<NamespacedTool> Namespaced { get; init; }

    /// <summary>Gets how the model may use the tools, when the client said.</summary>
    public ToolChoice? ToolChoice { get; init; }

    /// <summary>Gets whether several tool calls may come in one answer, when the client said.</summary>
    public bool? ParallelToolCalls { get; init; }

    /// <summary>Gets the output limit and sampling parameters.</summary>
    public Sampling Sampling { get; init; } = new();

    /// <summary>Gets the thinking or reasoning settings, when the client sent any.</summary>
    public ThinkingSettings? Thinking { get; init; }

    /// <summary>Gets a value indicating whether the client asked for a stream.</summary>
    public bool Stream { get; init; }

    /// <summary>
    /// Gets a value indicating whether a streamed answer may end with a usage report: a Chat client asks for its
    /// usage chunk with <c>stream_options.include_usage</c>; the other protocols always carry usage.
    /// </summary>
    public bool IncludeUsage { get; init; } = true;

    /// <summary>Gets the end-user id (Anthropic <c>metadata.user_id</c>, OpenAI <c>user</c>).</summary>
    public string? User { get; init; }

    /// <summary>Gets the structured-output format (Chat <c>response_format</c>, Responses <c>text.format</c>).</summary>
    public OutputFormat? Format { get; init; }

    /// <summary>Gets the OpenAI output verbosity (Chat <c>verbosity</c>, Responses <c>text.verbosity</c>).</summary>
    public string? Verbosity { get; init; }

    /// <summary>Gets the top-level members no model field holds, with their raw values, in source order.</summary>
    public ValueArray<RawMember> Extras { get; init; }

    /// <summary>Gets what the decoder could not represent (for <see cref="TranslationContext.Dropped"/>).</summary>
    public ValueArray<string> Dropped { get; init; }
}

/// <summary>A top-level member carried as raw JSON.</summary>
/// <param name="Name">The member name.</param>
/// <param name="Json">The raw JSON value.</param>
internal sealed record RawMember(string Name, string Json);

/// <summary>Who speaks a turn.</summary>
internal enum Role
{
    /// <summary>The user (tool results too).</summary>
    User,

    /// <summary>The model.</summary>
    Assistant,

    /// <summary>Instructions in the middle of the conversation (system or developer messages).</summary>
    System,
}

/// <summary>One turn of the conversation.</summary>
/// <param name="Role">Who speaks.</param>
/// <param name="Parts">What is said, in order.</param>
internal sealed record Turn(Role Role, ValueArray<Part> Parts);

/// <summary>The output limit and sampling parameters; raw number text is kept as sent.</summary>
internal sealed record Sampling
{
    /// <summary>Gets the output token limit.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Gets the temperature as raw JSON number text.</summary>
    public string? Temperature { get; init; }

    /// <summary>Gets top_p as raw JSON number text.</summary>
    public string? TopP { get; init; }

    /// <summary>Gets top_k as raw JSON number text (Anthropic only).</summary>
    public string? TopK { get; init; }

    /// <summary>Gets the stop sequences.</summary>
    public ValueArray<string> Stop { get; init; }
}

/// <summary>How thinking or reasoning was asked for.</summary>
internal enum ThinkingMode
{
    /// <summary>Explicitly off (Anthropic <c>disabled</c>).</summary>
    Disabled,

    /// <summary>A token budget (Anthropic <c>enabled</c>).</summary>
    Budget,

    /// <summary>The model decides (Anthropic <c>adaptive</c>), optionally steered by <see cref="ThinkingSettings.Effort"/>.</summary>
    Adaptive,

    /// <summary>An effort level (OpenAI <c>reasoning_effort</c> / <c>reasoning.effort</c>, Anthropic <c>output_config.effort</c> alone).</summary>
    Effort,
}

/// <summary>Thinking or reasoning settings.</summary>
/// <param name="Mode">How it was asked for.</param>
/// <param name="BudgetTokens">The budget, for <see cref="ThinkingMode.Budget"/>.</param>
/// <param name="Effort">The effort, when one was given (<see langword="null"/>: the provider's default).</param>
internal sealed record ThinkingSettings(ThinkingMode Mode, int? BudgetTokens = null, string? Effort = null);

/// <summary>A structured-output format.</summary>
/// <param name="Type"><c>text</c>, <c>json_object</c> or <c>json_schema</c>.</param>
/// <param name="Name">The schema's name.</param>
/// <param name="Description">The schema's description.</param>
/// <param name="Schema">The raw JSON schema.</param>
/// <param name="Strict">The raw <c>strict</c> value.</param>
internal sealed record OutputFormat(string Type, string? Name = null, string? Description = null, string? Schema = null, string? Strict = null);
