using System.Buffers;

namespace FlowGate.Routing.Rewriting;

/// <summary>
/// Rewrites a request body for one target (steps 1–6 of the rewrite, in that order) by scanning the UTF-8 JSON once and
/// splicing the few values that change; every other byte, whitespace and escapes included, is copied unchanged.
/// </summary>
/// <remarks>
/// <para>The steps:</para>
/// <list type="number">
/// <item><c>model</c> becomes the upstream model id, with <c>(level)</c> appended when
/// <see cref="TargetParams.ThinkingLevel"/> is set and the id has no <c>(</c>; added if absent.</item>
/// <item><see cref="TargetParams.ReasoningEffort"/>, when set, goes where the protocol reads it: Chat
/// <c>reasoning_effort</c>; Responses <c>reasoning.effort</c> (the object is created, or replaces a <c>null</c>);
/// Anthropic never gets <c>reasoning_effort</c>: when <c>thinking.type</c> is <c>enabled</c> (and <c>thinking</c>
/// is not dropped) and the table maps the effort to a positive budget (<see cref="ThinkingEffortTable.BudgetFor"/>),
/// that budget becomes <c>thinking.budget_tokens</c>; otherwise the effort is written to <c>output_config.effort</c>
/// (created if absent). If step 5 later removes <c>thinking</c>, the effort moves to <c>output_config.effort</c>.
/// A holder object that is neither an object nor <c>null</c> is left alone.</item>
/// <item>Anthropic <c>thinking.budget_tokens</c> ≤ <see cref="TargetParams.ThinkingBudgetMax"/>.</item>
/// <item>Output limits (Anthropic <c>max_tokens</c>; Responses <c>max_output_tokens</c>; Chat <c>max_tokens</c> and
/// <c>max_completion_tokens</c>) ≤ <see cref="TargetParams.MaxTokensMax"/>. When none of them is a positive
/// number, <see cref="TargetParams.MaxTokensDefault"/> (itself capped by the maximum, so a second rewrite changes
/// nothing) replaces those that are <c>null</c> or ≤ 0, or is added as <c>max_tokens</c> (Responses:
/// <c>max_output_tokens</c>) when none is present.</item>
/// <item>Anthropic: when <c>budget_tokens ≥ max_tokens</c>, the budget becomes the largest integer below
/// <c>max_tokens</c>, or <c>thinking</c> is removed when <c>max_tokens ≤ 1</c>.</item>
/// <item>Top-level members named in <see cref="TargetParams.DropParams"/> are removed (every occurrence). Steps 1–5
/// see a dropped member as absent — it never reaches the upstream, and a second rewrite of the output must decide
/// the same way — and never add a member with a dropped name (Chat then adds the default as
/// <c>max_completion_tokens</c> when <c>max_tokens</c> is dropped).</item>
/// </list>
/// <para>Numbers are read in any JSON form (<c>32000</c>, <c>32000.0</c>, <c>3.2e4</c>). A value above a cap is
/// replaced by the cap as an integer; values in range are not rewritten, so their spelling is kept. Values that are
/// not numbers (strings, <c>true</c>) are never changed by steps 3–5, and step 5 leaves a <c>max_tokens</c> above
/// <see cref="int.MaxValue"/> alone.</para>
/// <para>A member the rewriter reads or edits for the body's protocol (<c>model</c>, the output limits, the effort
/// holders, <c>thinking.type</c>, <c>thinking.budget_tokens</c>, the nested <c>effort</c>) must appear at most once:
/// upstreams disagree on which duplicate wins, so a duplicate is refused with
/// <see cref="InvalidRequestBodyException"/> rather than guessed at. Other duplicates pass through untouched.</para>
/// <para>New members are written compactly at the end of their object. The result is idempotent: rewriting the
/// output again for the same target gives the same bytes.</para>
/// </remarks>
internal static class RequestRewriter
{
    /// <summary>The deepest nesting of objects and arrays accepted in a body.</summary>
    public const int MaxDepth = 128;

    /// <summary>Rewrites a body into a new array.</summary>
    /// <param name="body">The client's request body, UTF-8 JSON.</param>
    /// <param name="protocol">The protocol the body is written in.</param>
    /// <param name="upstreamModel">The target's upstream model id.</param>
    /// <param name="parameters">The target's parameters.</param>
    /// <param name="table">The effort-to-budget table; <see cref="ThinkingEffortTable.Default"/> when <see langword="null"/>.</param>
    /// <returns>The rewritten body.</returns>
    /// <exception cref="InvalidRequestBodyException">The body is not a JSON object, is nested deeper than <see cref="MaxDepth"/>, or repeats a member the rewriter edits.</exception>
    public static byte[] Rewrite(ReadOnlySpan<byte> body, ClientProtocol protocol, string upstreamModel, TargetParams parameters, ThinkingEffortTable? table = null) =>
        RewriteInto(body, static length => new byte[length], protocol, upstreamModel, parameters, table).Buffer;

    /// <summary>Rewrites a body into a buffer the caller supplies (for example a pooled one, longer than asked for).</summary>
    /// <param name="body">The client's request body, UTF-8 JSON.</param>
    /// <param name="rent">Gives a buffer of at least the length it is called with; called once, and only when the body is accepted.</param>
    /// <param name="protocol">The protocol the body is written in.</param>
    /// <param name="upstreamModel">The target's upstream model id.</param>
    /// <param name="parameters">The target's parameters.</param>
    /// <param name="table">The effort-to-budget table; <see cref="ThinkingEffortTable.Default"/> when <see langword="null"/>.</param>
    /// <returns>The buffer from <paramref name="rent"/> and the length of the rewritten body at its start.</returns>
    /// <exception cref="InvalidRequestBodyException">The body is not a JSON object, is nested deeper than <see cref="MaxDepth"/>, or repeats a member the rewriter edits.</exception>
    public static (byte[] Buffer, int Length) RewriteInto(ReadOnlySpan<byte> body, Func<int, byte[]> rent, ClientProtocol protocol, string upstreamModel, TargetParams parameters, ThinkingEffortTable? table = null)
    {
        ArgumentNullException.ThrowIfNull(rent);
        Validate(protocol, upstreamModel, parameters);
        var session = RewriteSession.Rent();
        try
        {
            session.Prepare(body, protocol, upstreamModel, parameters, table ?? ThinkingEffortTable.Default);
            var length = session.Splicer.OutputLength(body.Length);
            var output = rent(length);
            session.Splicer.WriteTo(body, output.AsSpan(0, length));
            return (output, length);
        }
        finally
        {
            session.Return();
        }
    }

    /// <summary>Rewrites a body into a buffer writer (for example a pooled one) and reports what changed.</summary>
    /// <param name="body">The client's request body, UTF-8 JSON.</param>
    /// <param name="destination">Receives the rewritten body; nothing is written when the body is refused.</param>
    /// <param name="protocol">The protocol the body is written in.</param>
    /// <param name="upstreamModel">The target's upstream model id.</param>
    /// <param name="parameters">The target's parameters.</param>
    /// <param name="table">The effort-to-budget table; <see cref="ThinkingEffortTable.Default"/> when <see langword="null"/>.</param>
    /// <returns>The number of bytes written and the changes made.</returns>
    /// <exception cref="InvalidRequestBodyException">The body is not a JSON object, is nested deeper than <see cref="MaxDepth"/>, or repeats a member the rewriter edits.</exception>
    public static RewriteResult Rewrite(
        ReadOnlySpan<byte> body,
        IBufferWriter<byte> destination,
        ClientProtocol protocol,
        string upstreamModel,
        TargetParams parameters,
        ThinkingEffortTable? table = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Validate(protocol, upstreamModel, parameters);
        var session = RewriteSession.Rent();
        try
        {
            session.Prepare(body, protocol, upstreamModel, parameters, table ?? ThinkingEffortTable.Default);
            var length = session.Splicer.OutputLength(body.Length);
            session.Splicer.WriteTo(body, destination.GetSpan(length)[..length]);
            destination.Advance(length);
            return new RewriteResult(length, session.Log.ToValueArray());
        }
        finally
        {
            session.Return();
        }
    }

    private static void Validate(ClientProtocol protocol, string upstreamModel, TargetParams parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(upstreamModel);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!Enum.IsDefined(protocol))
        {
            throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Unknown client protocol.");
        }
    }
}
