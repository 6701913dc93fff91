using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowGate.Routing;

namespace FlowGate.Xgate.Explain;

/// <summary>
/// The budgets a running gateway has counted: each target's <c>rpm</c> / <c>tpm</c> use this minute and each named
/// gateway key's tokens this budget day, read from its <c>GET /flowgate/api/status</c>. When the gateway cannot be
/// asked, <see cref="Unavailable"/> says why and nothing is counted.
/// </summary>
internal sealed record LiveBudgets
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    public static LiveBudgets None { get; } = new() { Unavailable = "not asked" };

    /// <summary>Gets why the gateway's counts are not known (null when they are).</summary>
    public string? Unavailable { get; init; }

    /// <summary>Gets each target's budget document by (route, upstream, model).</summary>
    public IReadOnlyDictionary<(string Route, string Upstream, string Model), JsonObject> Targets { get; init; } = new Dictionary<(string, string, string), JsonObject>();

    /// <summary>Gets each named key's document (<c>name</c>, <c>max_daily_tokens</c>, <c>used</c>, <c>left</c>, <c>day_end</c>) by name.</summary>
    public IReadOnlyDictionary<string, JsonObject> Keys { get; init; } = new Dictionary<string, JsonObject>(StringComparer.Ordinal);

    /// <summary>Asks the gateway at <paramref name="baseUrl"/> for its status.</summary>
    public static async Task<LiveBudgets> FetchAsync(Uri baseUrl, string? gatewayKey, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = Patience };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, "/flowgate/api/status"));
        if (gatewayKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", gatewayKey);
        }

        JsonNode? status;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var hint = (int)response.StatusCode == 401 ? " (set FLOWGATE_API_KEY to a gateway key)" : string.Empty;
                return new LiveBudgets { Unavailable = $"GET {baseUrl}flowgate/api/status answered {(int)response.StatusCode}{hint}" };
            }

            status = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return new LiveBudgets { Unavailable = $"the gateway at {baseUrl} is not reachable" };
        }

        var targets = new Dictionary<(string, string, string), JsonObject>();
        foreach (var route in status?["routes"] as JsonArray ?? [])
        {
            foreach (var target in route?["targets"] as JsonArray ?? [])
            {
                if (route?["name"]?.GetValue<string>() is { } name && target?["upstream"]?.GetValue<string>() is { } upstream
                    && target["model"]?.GetValue<string>() is { } model && target["budget"] is JsonObject budget)
                {
                    targets[(name, upstream, model)] = budget;
                }
            }
        }

        var keys = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var key in status?["keys"] as JsonArray ?? [])
        {
            if (key is JsonObject k && k["name"]?.GetValue<string>() is { } name)
            {
                keys[name] = k;
            }
        }

        return new LiveBudgets { Targets = targets, Keys = keys };
    }

    /// <summary>Describes one target's budgets: its limits, and what is used and left this minute when known.</summary>
    public string Describe(string route, RouteTarget target)
    {
        var rpm = target.Config.RequestsPerMinute;
        var tpm = target.Config.TokensPerMinute;
        if (Unavailable is not null || !Targets.TryGetValue((route, target.Upstream.Name, target.Config.Model), out var live))
        {
            var limits = string.Join(", ", Limit("rpm", rpm), Limit("tpm", tpm));
            return $"budget: {limits} (use this minute unknown: {Unavailable ?? "the gateway does not serve this target"})";
        }

        var requests = Long(live["requests"]);
        var tokens = Long(live["tokens"]);
        var parts = new List<string>();
        if (rpm is { } r)
        {
            parts.Add($"rpm {r}: {requests} used, {Math.Max(0, r - requests)} left");
        }

        if (tpm is { } t)
        {
            parts.Add($"tpm {t}: {tokens} used, {Math.Max(0, t - tokens)} left");
        }

        var end = live["window_end"]?.GetValue<DateTimeOffset>() is { } at ? at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "the minute's end";
        return $"budget: {string.Join("; ", parts)} (this minute, until {end})";
    }

    /// <summary>Describes a named key's daily budget, or null when the gateway does not know the key.</summary>
    public string? DescribeKey(string name)
    {
        if (Unavailable is not null)
        {
            return $"gateway key {name}: use today unknown: {Unavailable}";
        }

        if (!Keys.TryGetValue(name, out var key))
        {
            return null;
        }

        var used = Long(key["used"]);
        var end = key["day_end"]?.GetValue<DateTimeOffset>() is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "the day's end";
        if (key["max_daily_tokens"] is not JsonValue max)
        {
            return $"gateway key {name}: no daily budget; {used} tokens used this budget day (until {end})";
        }

        var budget = max.GetValue<long>();
        var spent = used >= budget ? " - spent: its requests get 429" : string.Empty;
        return $"gateway key {name}: max_daily_tokens {budget}: {used} used, {Math.Max(0, budget - used)} left (until {end}){spent}";
    }

    /// <summary>The JSON of one target's budgets for <c>--json</c>.</summary>
    public JsonObject TargetJson(string route, RouteTarget target)
    {
        var json = new JsonObject
        {
            ["rpm"] = target.Config.RequestsPerMinute,
            ["tpm"] = target.Config.TokensPerMinute,
        };
        if (Unavailable is null && Targets.TryGetValue((route, target.Upstream.Name, target.Config.Model), out var live))
        {
            var requests = Long(live["requests"]);
            var tokens = Long(live["tokens"]);
            json["requests_used"] = requests;
            json["tokens_used"] = tokens;
            json["requests_left"] = target.Config.RequestsPerMinute is { } r ? Math.Max(0, r - requests) : null;
            json["tokens_left"] = target.Config.TokensPerMinute is { } t ? Math.Max(0, t - tokens) : null;
            json["window_end"] = live["window_end"]?.DeepClone();
        }
        else
        {
            json["unknown"] = Unavailable ?? "the gateway does not serve this target";
        }

        return json;
    }

    private static string Limit(string name, int? value) => value is { } v ? $"{name} {v}" : $"no {name}";

    private static long Long(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var n) ? n : 0;
}
