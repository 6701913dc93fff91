namespace FlowGate.Routing.Rewriting;

/// <summary>
/// The working state of one rewrite, kept per thread and reused so that rewriting allocates only its result. Nothing
/// in a rewrite calls out, so a thread never needs two sessions at once.
/// </summary>
internal sealed class RewriteSession
{
    [ThreadStatic]
    private static RewriteSession? _cached;

    public RequestShape Shape { get; } = new();

    public RewritePlan Plan { get; } = new();

    public AppliedLog Log { get; } = new();

    public Utf8Splicer Splicer { get; } = new();

    public static RewriteSession Rent()
    {
        var session = _cached ?? new RewriteSession();
        _cached = null;
        return session;
    }

    /// <summary>Scans and plans a rewrite, leaving the edits in <see cref="Splicer"/>.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="protocol">The protocol the body is written in.</param>
    /// <param name="upstreamModel">The target's upstream model id.</param>
    /// <param name="parameters">The target's parameters.</param>
    /// <param name="table">The effort-to-budget table.</param>
    public void Prepare(ReadOnlySpan<byte> body, ClientProtocol protocol, string upstreamModel, TargetParams parameters, ThinkingEffortTable table)
    {
        Log.Reset();
        Splicer.Reset();
        Plan.Reset(protocol, parameters, table);
        RequestScanner.Scan(body, protocol, parameters.DropParams.Span, Shape);
        RewritePlanner.Plan(Shape, Plan, Log, upstreamModel);
        RewriteEmitter.Emit(Shape, Plan, Splicer);
    }

    public void Return()
    {
        // Forget the caller's parameters so a cached session does not keep them alive.
        Plan.Reset(default, TargetParams.None, ThinkingEffortTable.Default);
        _cached = this;
    }
}
