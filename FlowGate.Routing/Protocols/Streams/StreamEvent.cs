using FlowGate.Routing.Protocols.Answers;

namespace FlowGate.Routing.Protocols.Streams;

/// <summary>What happened in an upstream stream, in protocol-neutral terms.</summary>
internal enum StreamEventKind
{
    /// <summary>The answer began: <see cref="StreamEvent.Id"/>, <see cref="StreamEvent.Name"/> (model), <see cref="StreamEvent.Usage"/> (input estimate), <see cref="StreamEvent.Index"/> (created, Unix seconds).</summary>
    MessageStart,

    /// <summary>Visible text: <see cref="StreamEvent.Data"/>.</summary>
    TextDelta,

    /// <summary>Thinking or reasoning-summary text: <see cref="StreamEvent.Data"/>.</summary>
    ThinkingDelta,

    /// <summary>Part of the thinking block's signature / the reasoning item's <c>encrypted_content</c>: <see cref="StreamEvent.Data"/>.</summary>
    SignatureDelta,

    /// <summary>A tool call begins: <see cref="StreamEvent.Index"/> (its ordinal), <see cref="StreamEvent.Id"/>, <see cref="StreamEvent.Name"/> (wire name).</summary>
    ToolCallStart,

    /// <summary>A fragment of the open tool call's arguments JSON: <see cref="StreamEvent.Data"/>.</summary>
    ToolArgumentsDelta,

    /// <summary>The open block (text, thinking or tool call) is complete.</summary>
    BlockEnd,

    /// <summary>The upstream said why it stopped: <see cref="StreamEvent.Stop"/>.</summary>
    Finish,

    /// <summary>Token counts (cumulative; fields the upstream did not send are null): <see cref="StreamEvent.Usage"/>.</summary>
    Usage,

    /// <summary>The upstream failed mid-stream: <see cref="StreamEvent.Id"/> (Anthropic error type or OpenAI code), <see cref="StreamEvent.Name"/> (message).</summary>
    Error,

    /// <summary>The upstream's terminator (Anthropic <c>message_stop</c>, Chat <c>[DONE]</c>, Responses <c>response.completed</c>).</summary>
    End,
}

/// <summary>
/// One stream event. A ref struct so text deltas travel as UTF-8 spans over the decoder's buffers, without copies or
/// allocations; only ids, names and error texts are strings.
/// </summary>
internal readonly ref struct StreamEvent
{
    public StreamEventKind Kind { get; init; }

    public ReadOnlySpan<byte> Data { get; init; }

    public int Index { get; init; }

    public long Created { get; init; }

    public string? Id { get; init; }

    public string? Name { get; init; }

    public AnswerStop Stop { get; init; }

    public UsagePatch Usage { get; init; }
}

/// <summary>Usage as a stream reports it: each count may be missing from a given event.</summary>
internal readonly record struct UsagePatch(long? Input, long? Output, long? CacheRead, long? CacheWrite, long? Reasoning)
{
    public bool IsEmpty => Input is null && Output is null && CacheRead is null && CacheWrite is null && Reasoning is null;

    /// <summary>Applies the counts present in <paramref name="patch"/> over <paramref name="usage"/>.</summary>
    /// <param name="usage">The usage so far.</param>
    /// <param name="patch">The new counts.</param>
    /// <returns>The merged usage.</returns>
    public static AnswerUsage Merge(AnswerUsage usage, UsagePatch patch) => new(
        patch.Input ?? usage.Input,
        patch.Output ?? usage.Output,
        patch.CacheRead ?? usage.CacheRead,
        patch.CacheWrite ?? usage.CacheWrite,
        patch.Reasoning ?? usage.Reasoning);

    /// <summary>Builds a patch from OpenAI counts, where the prompt includes the cached tokens.</summary>
    /// <param name="prompt">The prompt tokens.</param>
    /// <param name="cached">The cached tokens.</param>
    /// <param name="output">The output tokens.</param>
    /// <param name="reasoning">The reasoning tokens.</param>
    /// <returns>The patch.</returns>
    public static UsagePatch FromOpenAI(long? prompt, long? cached, long? output, long? reasoning)
    {
        var c = Math.Clamp(cached ?? 0, 0, Math.Max(prompt ?? 0, 0));
        return new UsagePatch(prompt is { } p ? Math.Max(p - c, 0) : null, output, prompt is null && cached is null ? null : c, null, reasoning);
    }
}

/// <summary>Consumes stream events: a client encoder, or a test's collector.</summary>
internal interface IStreamEventSink
{
    void On(in StreamEvent e);
}

/// <summary>Turns one upstream protocol's SSE events into <see cref="StreamEvent"/>s.</summary>
internal interface IStreamDecoder
{
    /// <summary>Gets a value indicating whether the upstream's stream reached its end (terminator, or an error).</summary>
    bool Ended { get; }

    /// <summary>Decodes one SSE event.</summary>
    /// <param name="eventName">The <c>event:</c> field (empty when absent; only a hint, the data's <c>type</c> decides).</param>
    /// <param name="data">The <c>data:</c> field.</param>
    /// <param name="sink">Where the events go.</param>
    void Decode(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data, IStreamEventSink sink);

    /// <summary>The upstream closed: emit whatever a proper end still implies (see each decoder).</summary>
    /// <param name="sink">Where the events go.</param>
    void Close(IStreamEventSink sink);
}
