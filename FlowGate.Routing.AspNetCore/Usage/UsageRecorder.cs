using FlowGate.Routing.AspNetCore.Metrics;
using FlowGate.Routing.AspNetCore.State;

namespace FlowGate.Routing.AspNetCore.Usage;

/// <summary>
/// Records each answered request's usage: its tokens in <c>flowgate_tokens_total</c>, and an entry for the usage
/// ledger (queued, written off the request path); and counts them against the target's <c>tpm</c> budget. Costs the request a few counter adds and one small allocation.
/// </summary>
internal sealed class UsageRecorder(FlowGateMetrics metrics, UsageWriter writer, GatewayState state)
{
    /// <summary>The key name of requests made without a gateway key (a loopback-only gateway has none).</summary>
    public const string NoKey = "-";

    public UsageWriter Writer { get; } = writer;

    /// <summary>Gets the last finished requests, for the status page.</summary>
    public RecentRequests Recent { get; } = new();

    /// <summary>The name a request's gateway key is counted under: its position in the config (<c>key-1</c>, ...), never the key.</summary>
    public static string KeyName(int keyIndex) => keyIndex < 0 ? NoKey : KeyNames.Get(keyIndex);

    /// <summary>
    /// Records a finished request: always in the recent list; when <paramref name="target"/> answered it, its usage
    /// too (metrics, the target's <c>tpm</c> count, the ledger).
    /// </summary>
    public void Record(RecentRequest request, RouteTarget? target, string key)
    {
        Recent.Add(request);
        if (target is null)
        {
            return;
        }

        var upstream = target.Upstream.Name;
        metrics.Tokens(request.Route, upstream, request.Tokens);
        state.CountTokens(target.Id, request.Tokens.Total);
        Writer.Enqueue(new UsageEntry(request.At, request.Route, upstream, target.Config.Model, key, request.Tokens));
    }

    /// <summary>Cached <c>key-N</c> names, so naming a key allocates nothing.</summary>
    private static class KeyNames
    {
        private static readonly string[] Names = [.. Enumerable.Range(1, 64).Select(i => "key-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

        public static string Get(int index) => index < Names.Length ? Names[index] : "key-" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
