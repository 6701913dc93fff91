namespace FlowGate.Routing.Protocols.Answers;

/// <summary>
/// One whole answer in protocol-neutral terms: what every decoder produces and every encoder consumes. Parts keep
/// the upstream's order; tool names are the wire names until an encoder maps them back.
/// </summary>
/// <param name="Id">The upstream's answer id (unprefixed ids are derived from it, see <see cref="AnswerIds"/>).</param>
/// <param name="Model">The upstream's model name.</param>
/// <param name="Parts">The content, in order.</param>
/// <param name="Stop">Why the answer ended.</param>
/// <param name="Usage">The token counts.</param>
/// <param name="Created">The upstream's creation time (Unix seconds), 0 when it gave none.</param>
internal sealed record Answer(string Id, string Model, IReadOnlyList<AnswerPart> Parts, AnswerStop Stop, AnswerUsage Usage, long Created = 0)
{
    /// <summary>Gets a value indicating whether any part is a tool call.</summary>
    public bool HasToolCall
    {
        get
        {
            foreach (var part in Parts)
            {
                if (part is ToolCallPart)
                {
                    return true;
                }
            }

            return false;
        }
    }
}

/// <summary>A piece of an answer's content.</summary>
internal abstract record AnswerPart;

/// <summary>Visible text.</summary>
/// <param name="Text">The text.</param>
internal sealed record TextPart(string Text) : AnswerPart;

/// <summary>A tool call.</summary>
/// <param name="Id">The upstream's call id (Anthropic <c>tool_use.id</c>, Chat <c>tool_calls[].id</c>, Responses <c>call_id</c>).</param>
/// <param name="Name">The tool's wire name.</param>
/// <param name="Arguments">The arguments as JSON text (normally an object; may be empty or malformed as the upstream sent it).</param>
internal sealed record ToolCallPart(string Id, string Name, string Arguments) : AnswerPart;

/// <summary>
/// Thinking / reasoning: Anthropic <c>thinking</c> + <c>signature</c>, Responses <c>reasoning</c> summary +
/// <c>encrypted_content</c>, Chat <c>reasoning_content</c> (no signature).
/// </summary>
/// <param name="Text">The thinking or summary text.</param>
/// <param name="Signature">The Anthropic signature or Responses encrypted content; empty when none.</param>
internal sealed record ThinkingPart(string Text, string Signature) : AnswerPart;

/// <summary>A refusal (Chat <c>message.refusal</c>, Responses <c>refusal</c> content).</summary>
/// <param name="Text">The refusal text.</param>
internal sealed record RefusalPart(string Text) : AnswerPart;

/// <summary>Why an answer ended, in Anthropic's vocabulary (the richest of the three).</summary>
internal enum AnswerStop
{
    /// <summary>A natural end: Anthropic <c>end_turn</c>, Chat <c>stop</c>, Responses <c>completed</c>.</summary>
    EndTurn,

    /// <summary>The output limit: <c>max_tokens</c>, <c>length</c>, <c>incomplete</c>/<c>max_output_tokens</c>.</summary>
    MaxTokens,

    /// <summary>The answer asks for tool results: <c>tool_use</c>, <c>tool_calls</c>.</summary>
    ToolUse,

    /// <summary>A stop sequence matched: <c>stop_sequence</c> (Chat and Responses say <c>stop</c>/<c>completed</c>).</summary>
    StopSequence,

    /// <summary>Refused or filtered: <c>refusal</c>, <c>content_filter</c>, <c>incomplete</c>/<c>content_filter</c>.</summary>
    Refusal,

    /// <summary>Anthropic <c>pause_turn</c> (a server tool paused a long turn).</summary>
    PauseTurn,
}

/// <summary>
/// Token counts. <see cref="Input"/> excludes cached tokens (Anthropic's meaning): OpenAI's prompt tokens are
/// <c>Input + CacheRead + CacheWrite</c> and its cached tokens <see cref="CacheRead"/>.
/// </summary>
/// <param name="Input">Uncached input tokens.</param>
/// <param name="Output">Output tokens (reasoning included).</param>
/// <param name="CacheRead">Input tokens read from the prompt cache.</param>
/// <param name="CacheWrite">Input tokens written to the prompt cache.</param>
/// <param name="Reasoning">Output tokens spent on reasoning.</param>
internal readonly record struct AnswerUsage(long Input, long Output, long CacheRead = 0, long CacheWrite = 0, long Reasoning = 0)
{
    /// <summary>Gets the whole prompt in OpenAI's meaning (cached tokens included).</summary>
    public long Prompt => Input + CacheRead + CacheWrite;

    /// <summary>Gets the total OpenAI reports: prompt plus output.</summary>
    public long Total => Prompt + Output;

    /// <summary>Builds usage from OpenAI's counts, where the prompt includes the cached tokens.</summary>
    /// <param name="prompt">The prompt tokens.</param>
    /// <param name="cached">The cached prompt tokens.</param>
    /// <param name="output">The output tokens.</param>
    /// <param name="reasoning">The reasoning tokens.</param>
    /// <returns>The usage.</returns>
    public static AnswerUsage FromOpenAI(long prompt, long cached, long output, long reasoning)
    {
        cached = Math.Clamp(cached, 0, Math.Max(prompt, 0));
        return new AnswerUsage(Math.Max(prompt - cached, 0), Math.Max(output, 0), cached, 0, Math.Max(reasoning, 0));
    }
}
