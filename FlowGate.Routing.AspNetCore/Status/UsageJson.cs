using System.Text.Json;
using FlowGate.Routing.AspNetCore.Usage;
using FlowGate.Routing.Usage;

namespace FlowGate.Routing.AspNetCore.Status;

/// <summary>
/// <c>/flowgate/api/usage</c>: the ledger's rows since a day, summed by route, upstream, key, model or day.
/// </summary>
internal static class UsageJson
{
    /// <summary>The groupings <c>by</c> accepts.</summary>
    public static readonly string[] Groupings = ["route", "upstream", "key", "model", "day"];

    public static void Write(Utf8JsonWriter w, IReadOnlyList<UsageRow> rows, DateOnly since, string by)
    {
        Func<UsageRow, string> keyOf = by switch
        {
            "upstream" => r => r.Upstream,
            "key" => r => r.Key,
            "model" => r => r.Upstream + "/" + r.Model,
            "day" => r => r.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            _ => r => r.Route,
        };
        var groups = rows.GroupBy(keyOf, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Requests: g.Sum(r => r.Requests), Tokens: g.Aggregate(default(TokenUsage), (sum, r) => sum + r.Tokens)))
            .OrderByDescending(g => g.Tokens.Total).ThenBy(g => g.Name, StringComparer.Ordinal);

        w.WriteStartObject();
        w.WriteString("since", since.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteString("by", by);
        w.WriteStartArray("rows");
        long requests = 0;
        var total = default(TokenUsage);
        foreach (var group in groups)
        {
            w.WriteStartObject();
            w.WriteString("name", group.Name);
            w.WriteNumber("requests", group.Requests);
            WriteTokens(w, group.Tokens);
            w.WriteEndObject();
            requests += group.Requests;
            total += group.Tokens;
        }

        w.WriteEndArray();
        w.WriteStartObject("total");
        w.WriteNumber("requests", requests);
        WriteTokens(w, total);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteTokens(Utf8JsonWriter w, TokenUsage tokens)
    {
        w.WriteStartObject("tokens");
        w.WriteNumber("input", tokens.Input);
        w.WriteNumber("output", tokens.Output);
        w.WriteNumber("cache_read", tokens.CacheRead);
        w.WriteNumber("cache_write", tokens.CacheWrite);
        w.WriteNumber("reasoning", tokens.Reasoning);
        w.WriteNumber("total", tokens.Total);
        w.WriteEndObject();
    }
}
