using FlowGate.Routing.AspNetCore.Metrics;
using FlowGate.Routing.AspNetCore.State;

namespace FlowGate.Routing.AspNetCore.Usage;

/// <summary>
/// Records each answered request's usage: its tokens in <c>flowgate_tokens_total</c>, and an entry for the usage
/// ledger (queued, written off the request path); and counts them against the target's <c>tpm</c> budget and the gateway
/// key's daily budget. Costs the request a few counter adds and one small allocation.
/// </summary>
internal sealed class UsageRecorder(FlowGateMetrics metrics, UsageWriter writer, GatewayState state)
{
    /// <summary>The key name of requests made without a gateway key (a loopback-only gateway has none).</summary>
    public const string NoKey = "-";

    public UsageWriter Writer { get; } = writer;

    /// <summary>Gets the last finished requests, for the status page.</summary>
    public RecentRequests Recent { get; } = new();

    /// <summary>Gets requests, errors and tokens per minute over the last hour, for the status page's charts.</summary>
    public UsageTimeline Timeline { get; } = new();

    /// <summary>
    /// The name a request's gateway key is counted under, never the key: a named key's name, else its position among
    /// the unnamed keys (<c>key-1</c>, ...), else <see cref="NoKey"/>.
    /// </summary>
    public static string KeyName(GatewayConfig config, int keyIndex) =>
        keyIndex < 0 ? NoKey : config.NamedKeyAt(keyIndex)?.Name ?? KeyNames.Get(keyIndex);

    /// <summary>
    /// Records a finished request: always in the recent list; when <paramref name="target"/> answered it, its usage
    /// too (metrics, the target's <c>tpm</c> count, the key's daily count, the ledger).
    /// </summary>
    /// <param name="request">The finished request.</param>
    /// <param name="target">The target that answered it, if any.</param>
    /// <param name="key">The name of the gateway key it presented.</param>
    /// <param name="budgetDayStart">The UTC time of day key budgets start again.</param>
    public void Record(RecentRequest request, RouteTarget? target, string key, TimeSpan budgetDayStart)
    {
        Recent.Add(request);
        Timeline.Add(request.At, IsError(request.Status), request.Tokens.Total);
        if (target is null)
        {
            return;
        }

        var upstream = target.Upstream.Name;
        metrics.Tokens(request.Route, upstream, request.Tokens);
        state.CountTokens(target.Id, request.Tokens.Total);
        DateTimeOffset? budgetDay = null;
        if (!ReferenceEquals(key, NoKey))
        {
            budgetDay = BudgetDay.StartOf(request.At, budgetDayStart);
            state.KeyBudgets.CountTokens(key, budgetDay.Value, request.Tokens.Total);
        }

        Writer.Enqueue(new UsageEntry(request.At, request.Route, upstream, target.Config.Model, key, request.Tokens, budgetDay));
    }

    // What the charts count as an error: the gateway or an upstream failed (5xx, a break after the answer began: 502),
    // or the client was told to slow down (429). A client's own bad request (other 4xx) or cancel (499) is not.
    private static bool IsError(int status) => status >= 500 || status == 429;

    /// <summary>Cached <c>key-N</c> names, so naming a key allocates nothing.</summary>
    private static class KeyNames
    {
        private static readonly string[] Names = [.. Enumerable.Range(1, 64).Select(i => "key-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

        public static string Get(int index) => index < Names.Length ? Names[index] : "key-" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
