namespace FlowGate.Routing.Protocols.Answers;

/// <summary>
/// Stop reasons between the three vocabularies. A client is told <c>tool_use</c> exactly
/// when the answer carries a tool call: upstreams often say <c>stop</c> after tool calls, and a <c>tool_use</c>
/// without a tool block hangs Claude Code.
/// </summary>
internal static class AnswerStops
{
    /// <summary>Applies the tool rule: any tool call forces <see cref="AnswerStop.ToolUse"/>; none forbids it.</summary>
    /// <param name="stop">The upstream's stop.</param>
    /// <param name="hasToolCall">Whether a tool call was produced.</param>
    /// <returns>The stop the client sees.</returns>
    public static AnswerStop Resolve(AnswerStop stop, bool hasToolCall) =>
        hasToolCall ? (stop == AnswerStop.MaxTokens ? AnswerStop.MaxTokens : AnswerStop.ToolUse)
        : stop == AnswerStop.ToolUse ? AnswerStop.EndTurn : stop;

    public static AnswerStop FromAnthropic(ReadOnlySpan<byte> reason) => reason switch
    {
        _ when reason.SequenceEqual("max_tokens"u8) => AnswerStop.MaxTokens,
        _ when reason.SequenceEqual("tool_use"u8) => AnswerStop.ToolUse,
        _ when reason.SequenceEqual("stop_sequence"u8) => AnswerStop.StopSequence,
        _ when reason.SequenceEqual("refusal"u8) => AnswerStop.Refusal,
        _ when reason.SequenceEqual("pause_turn"u8) => AnswerStop.PauseTurn,
        _ when reason.SequenceEqual("model_context_window_exceeded"u8) => AnswerStop.MaxTokens,
        _ => AnswerStop.EndTurn,
    };

    public static AnswerStop FromChat(ReadOnlySpan<byte> reason) => reason switch
    {
        _ when reason.SequenceEqual("length"u8) => AnswerStop.MaxTokens,
        _ when reason.SequenceEqual("tool_calls"u8) || reason.SequenceEqual("function_call"u8) => AnswerStop.ToolUse,
        _ when reason.SequenceEqual("content_filter"u8) => AnswerStop.Refusal,
        _ => AnswerStop.EndTurn,
    };

    /// <summary>Reads a Responses status and <c>incomplete_details.reason</c>.</summary>
    /// <param name="status">The response status.</param>
    /// <param name="incompleteReason">The incomplete reason, empty when none.</param>
    /// <returns>The stop.</returns>
    public static AnswerStop FromResponses(ReadOnlySpan<byte> status, ReadOnlySpan<byte> incompleteReason) =>
        !status.SequenceEqual("incomplete"u8) ? AnswerStop.EndTurn
        : incompleteReason.SequenceEqual("content_filter"u8) ? AnswerStop.Refusal
        : AnswerStop.MaxTokens;

    /// <summary>Anthropic <c>stop_reason</c>. A filtered answer says <c>refusal</c>, Anthropic's own word for it.</summary>
    /// <param name="stop">The stop.</param>
    /// <returns>The wire value.</returns>
    public static string ToAnthropic(AnswerStop stop) => stop switch
    {
        AnswerStop.MaxTokens => "max_tokens",
        AnswerStop.ToolUse => "tool_use",
        AnswerStop.StopSequence => "stop_sequence",
        AnswerStop.Refusal => "refusal",
        AnswerStop.PauseTurn => "pause_turn",
        _ => "end_turn",
    };

    public static string ToChat(AnswerStop stop) => stop switch
    {
        AnswerStop.MaxTokens => "length",
        AnswerStop.ToolUse => "tool_calls",
        AnswerStop.Refusal => "content_filter",
        _ => "stop",
    };

    /// <summary>
    /// The Responses <c>incomplete_details.reason</c> for a stop, or null when the response is complete. The status
    /// is then <c>incomplete</c>, but streams still end in <c>response.completed</c> (Codex does not handle
    /// <c>response.incomplete</c>).
    /// </summary>
    /// <param name="stop">The stop.</param>
    /// <returns>The reason, or null.</returns>
    public static string? ToResponsesIncomplete(AnswerStop stop) => stop switch
    {
        AnswerStop.MaxTokens => "max_output_tokens",
        AnswerStop.Refusal => "content_filter",
        _ => null,
    };
}
