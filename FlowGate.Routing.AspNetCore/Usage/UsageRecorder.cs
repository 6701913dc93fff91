using FlowGate.Routing.AspNetCore.Metrics;

namespace FlowGate.Routing.AspNetCore.Usage;

/// <summary>
/// Records each answered request's usage: its tokens in <c>flowgate_tokens_total</c>, and an entry for the usage
/// ledger (queued, written off the request path). Costs the request a few counter adds and one small allocation.
/// </summary>
internal sealed class UsageRecorder(FlowGateMetrics metrics, UsageWriter writer, TimeProvider time)
{
    /// <summary>The key name of requests made without a gateway key (a loopback-only gateway has none).</summary>
    public const string NoKey = "-";

    public UsageWriter Writer { get; } = writer;

    /// <summary>The name a request's gateway key is counted under: its position in the config (<c>key-1</c>, ...), never the key.</summary>
    public static string KeyName(int keyIndex) => keyIndex < 0 ? NoKey : KeyNames.Get(keyIndex);

    /// <summary>Records the answer <paramref name="target"/> gave on <paramref name="route"/>.</summary>
    public void Record(string route, RouteTarget target, string key, UsageTally tally)
    {
        var upstream = target.Upstream.Name;
        metrics.Tokens(route, upstream, tally.Tokens);
        Writer.Enqueue(new UsageEntry(time.GetUtcNow(), route, upstream, target.Config.Model, key, tally.Tokens));
    }

    /// <summary>Cached <c>key-N</c> names, so naming a key allocates nothing.</summary>
    private static class KeyNames
    {
        private static readonly string[] Names = [.. Enumerable.Range(1, 64).Select(i => "key-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

        public static string Get(int index) => index < Names.Length ? Names[index] : "key-" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
