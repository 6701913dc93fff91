using System.Buffers;
using FlowGate.Routing.Protocols.Answers;
using FlowGate.Routing.Usage;

namespace FlowGate.Routing.Protocols.Streams;

/// <summary>
/// A client protocol's stream writer: a state machine fed <see cref="StreamEvent"/>s that writes the client's SSE
/// into <see cref="Output"/>, keeping that client's invariants (see the subclasses). Events after the end or an
/// error are ignored, so the end is written exactly once.
/// </summary>
internal abstract class ClientStreamEncoder : IStreamEventSink
{
    protected ClientStreamEncoder(TranslationContext context) => Context = context;

    /// <summary>Gets or sets where the next events go (the caller's buffer for the current write).</summary>
    public IBufferWriter<byte> Output { get; set; } = NullOutput;

    /// <summary>Gets a value indicating whether the stream's end (or an error) has been written.</summary>
    public bool Done { get; protected set; }

    protected TranslationContext Context { get; }

    protected SseWriter Sse { get; } = new();

    protected string IdBase { get; private set; } = AnswerIds.Base(null);

    protected string Model { get; private set; } = string.Empty;

    protected long Created { get; private set; }

    protected bool Started { get; private set; }

    /// <summary>Gets the usage so far (merged from every usage report).</summary>
    protected AnswerUsage Usage { get; private set; }

    /// <summary>Gets the usage reported so far, in neutral terms.</summary>
    public TokenUsage ReportedUsage => Neutral(Usage);

    /// <summary>Gets a value indicating whether the upstream reported usage after the start.</summary>
    protected bool HasUsage { get; private set; }

    /// <summary>Gets the upstream's stop, when it gave one.</summary>
    protected AnswerStop? UpstreamStop { get; private set; }

    /// <summary>Gets the number of tool calls opened so far.</summary>
    protected int ToolCount { get; set; }

    /// <summary>Converts a translator's usage to the public neutral usage.</summary>
    /// <param name="usage">The usage.</param>
    /// <returns>The same counts.</returns>
    internal static TokenUsage Neutral(AnswerUsage usage) => new(usage.Input, usage.Output, usage.CacheRead, usage.CacheWrite, usage.Reasoning);

    private static IBufferWriter<byte> NullOutput { get; } = new ArrayBufferWriter<byte>();

    public void On(in StreamEvent e)
    {
        if (Done)
        {
            return;
        }

        switch (e.Kind)
        {
            case StreamEventKind.MessageStart:
                Usage = UsagePatch.Merge(Usage, e.Usage);
                EnsureStarted(e.Id, e.Name, e.Created);
                break;
            case StreamEventKind.Usage:
                Usage = UsagePatch.Merge(Usage, e.Usage);
                HasUsage |= !e.Usage.IsEmpty;
                break;
            case StreamEventKind.Finish:
                UpstreamStop = e.Stop;
                EnsureStarted(null, null, 0);
                CloseBlock();
                break;
            case StreamEventKind.End:
                EnsureStarted(null, null, 0);
                CloseBlock();
                WriteEnd(AnswerStops.Resolve(UpstreamStop ?? AnswerStop.EndTurn, ToolCount > 0));
                Done = true;
                break;
            case StreamEventKind.Error:
                var error = Errors.ErrorMapping.Classify(e.Id, e.Name ?? string.Empty, 0);
                WriteError(error);
                Done = true;
                break;
            case StreamEventKind.BlockEnd:
                CloseBlock();
                break;
            default:
                EnsureStarted(null, null, 0);
                OnContent(e);
                break;
        }
    }

    /// <summary>Finishes a stream whose upstream ended, when the end has not been written yet.</summary>
    public void EndIfNeeded()
    {
        if (!Done)
        {
            On(new StreamEvent { Kind = StreamEventKind.End });
        }
    }

    protected abstract void WriteStart();

    protected abstract void OnContent(in StreamEvent e);

    protected abstract void CloseBlock();

    protected abstract void WriteEnd(AnswerStop stop);

    protected abstract void WriteError(in Errors.UpstreamError error);

    /// <summary>Gets the client's id and name for a tool call the upstream opened.</summary>
    /// <param name="e">The <see cref="StreamEventKind.ToolCallStart"/> event.</param>
    /// <param name="anthropic">Whether the client is Anthropic (sanitised ids).</param>
    /// <returns>The id and name; <see cref="ToolCount"/> is advanced.</returns>
    protected (string Id, string Name) OpenTool(in StreamEvent e, bool anthropic)
    {
        var ordinal = ToolCount++;
        return (AnswerIds.ToolCall(e.Id, IdBase, ordinal, anthropic), ClientTools.Name(Context, e.Name, ordinal));
    }

    private void EnsureStarted(string? id, string? model, long created)
    {
        if (Started)
        {
            return;
        }

        Started = true;
        IdBase = AnswerIds.Base(id, Context.AnswerIdSuffix);
        Model = Context.Model.Length > 0 ? Context.Model : model ?? string.Empty;
        Created = Context.CreatedFor(created);
        WriteStart();
    }
}
