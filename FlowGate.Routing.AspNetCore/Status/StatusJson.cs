using System.Text.Json;
using FlowGate.Routing.AspNetCore.Hosting;
using FlowGate.Routing.AspNetCore.Metrics;
using FlowGate.Routing.AspNetCore.State;
using FlowGate.Routing.AspNetCore.Usage;
using FlowGate.Routing.Usage;

namespace FlowGate.Routing.AspNetCore.Status;

/// <summary>
/// The status page's data: routes and their targets with weights and live state (in flight, ejected until and why,
/// ejections in a row, budget used this minute, p50/p95 latency and time to first byte over the recent requests), the
/// named gateway keys' daily budgets, requests, errors and tokens per minute over the last hour, the recent requests,
/// the reloads with their diagnostics and the active profile. Names and numbers only: no key, no body.
/// </summary>
internal static class StatusJson
{
    public static void Write(Utf8JsonWriter w, GatewayRuntime runtime, GatewayState state, UsageRecorder usage, ReloadHistory reloads, DateTimeOffset now, ISharedStateStatus? shared = null)
    {
        var view = state.ViewOf(runtime.Table);
        var recentRequests = usage.Recent.Snapshot();
        var timings = TargetTimings.Of(recentRequests);
        var recent = usage.Recent;
        w.WriteStartObject();
        w.WriteString("now", now);
        w.WriteString("profile", reloads.ActiveProfile);
        w.WriteStartArray("routes");
        foreach (var route in runtime.Table.Routes)
        {
            w.WriteStartObject();
            w.WriteString("name", route.Name);
            w.WriteString("policy", PolicyName(route.Policy));
            w.WriteStartArray("fallbacks");
            foreach (var fallback in route.Fallbacks)
            {
                w.WriteStringValue(fallback);
            }

            w.WriteEndArray();
            w.WriteStartArray("targets");
            foreach (var target in route.Targets)
            {
                WriteTarget(w, target, view, now);
                timings.Write(w, route.Name, target);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("requests_total", recent.Total);
        w.WriteStartArray("recent");
        foreach (var request in recentRequests)
        {
            WriteRequest(w, request);
        }

        w.WriteEndArray();
        WriteKeys(w, runtime.Config, state, now);
        WriteTimeline(w, usage.Timeline.Snapshot(now), now);
        WriteReloads(w, reloads.Snapshot());
        if (shared is not null)
        {
            HealthEndpoints.WriteSharedState(w, shared);
        }

        w.WriteEndObject();
    }

    /// <summary>The named keys: each one's daily budget, the tokens used this budget day, what is left and when it starts again.</summary>
    private static void WriteKeys(Utf8JsonWriter w, GatewayConfig config, GatewayState state, DateTimeOffset now)
    {
        var day = BudgetDay.StartOf(now, config.BudgetDayStart);
        w.WriteStartArray("keys");
        foreach (var key in config.NamedKeys)
        {
            var used = state.KeyBudgets.Used(key.Name, day);
            w.WriteStartObject();
            w.WriteString("name", key.Name);
            if (key.MaxDailyTokens is { } max)
            {
                w.WriteNumber("max_daily_tokens", max);
                w.WriteNumber("left", Math.Max(0, max - used));
            }
            else
            {
                w.WriteNull("max_daily_tokens");
                w.WriteNull("left");
            }

            w.WriteNumber("used", used);
            w.WriteString("day_end", day.AddDays(1));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Requests, errors and tokens per minute over the last hour, and requests per second over the last minute or so.</summary>
    private static void WriteTimeline(Utf8JsonWriter w, IReadOnlyList<(DateTimeOffset Start, long Requests, long Errors, long Tokens)> minutes, DateTimeOffset now)
    {
        // The minute under way and the one before it: a rate that neither jumps at a minute's start nor lags a minute.
        var current = minutes[^1];
        var seconds = 60 + Math.Max(1, (now - current.Start).TotalSeconds);
        w.WriteNumber("requests_per_second", Math.Round((minutes[^2].Requests + current.Requests) / seconds, 2));
        w.WriteStartArray("timeline");
        foreach (var (start, requests, errors, tokens) in minutes)
        {
            w.WriteStartObject();
            w.WriteString("start", start);
            w.WriteNumber("requests", requests);
            w.WriteNumber("errors", errors);
            w.WriteNumber("tokens", tokens);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteReloads(Utf8JsonWriter w, IReadOnlyList<ReloadRecord> reloads)
    {
        w.WriteStartArray("reloads");
        foreach (var reload in reloads)
        {
            w.WriteStartObject();
            w.WriteString("at", reload.At);
            w.WriteString("outcome", reload.Outcome);
            w.WriteString("profile", reload.Profile);
            w.WriteStartArray("diagnostics");
            foreach (var (severity, text) in reload.Diagnostics)
            {
                w.WriteStartObject();
                w.WriteString("severity", severity);
                w.WriteString("text", text);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteTarget(Utf8JsonWriter w, RouteTarget target, GatewayState.TableView view, DateTimeOffset now)
    {
        var condition = view.Condition(target.Ordinal);
        var budget = view.Budget(target.Ordinal);
        w.WriteStartObject();
        w.WriteString("upstream", target.Upstream.Name);
        w.WriteString("model", target.Config.Model);
        w.WriteNumber("weight", target.Weight);
        w.WriteNumber("in_flight", view.InFlight(target.Ordinal));
        if (condition.IsEjected(now))
        {
            w.WriteString("ejected_until", condition.EjectedUntil);
            w.WriteString("ejected_for", condition.ExplicitCause is { } cause ? MetricTagValues.FailureClass(cause) : "transient");
        }
        else
        {
            w.WriteNull("ejected_until");
            w.WriteNull("ejected_for");
        }

        w.WriteNumber("ejections", condition.Ejections);
        w.WriteNumber("recent_failures", condition.RecentFailures);
        w.WriteStartObject("budget");
        WriteLimit(w, "rpm", target.Config.RequestsPerMinute);
        WriteLimit(w, "tpm", target.Config.TokensPerMinute);
        w.WriteNumber("requests", budget.Requests);
        w.WriteNumber("tokens", budget.Tokens);
        w.WriteNumber("left", TargetBudgets.Left(target.Config, budget, now));
        w.WriteString("window_end", BudgetWindow.StartOf(now) + BudgetWindow.Length);
        w.WriteEndObject();
    }

    private static void WriteLimit(Utf8JsonWriter w, string name, int? limit)
    {
        if (limit is { } value)
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteRequest(Utf8JsonWriter w, RecentRequest request)
    {
        w.WriteStartObject();
        w.WriteString("at", request.At);
        w.WriteString("route", request.Route);
        w.WriteString("protocol", MetricTagValues.Protocol(request.Protocol));
        w.WriteString("upstream", request.Upstream);
        w.WriteString("model", request.Model);
        w.WriteNumber("status", request.Status);
        w.WriteNumber("attempts", request.Attempts);
        UsageJson.WriteTokens(w, request.Tokens);
        w.WriteNumber("latency_ms", Math.Round(request.Latency.TotalMilliseconds, 1));
        if (request.TimeToFirstByte is { } firstByte)
        {
            w.WriteNumber("ttfb_ms", Math.Round(firstByte.TotalMilliseconds, 1));
        }
        else
        {
            w.WriteNull("ttfb_ms");
        }

        w.WriteEndObject();
    }

    private static string PolicyName(SelectionPolicy policy) => policy switch
    {
        SelectionPolicy.RoundRobin => "round-robin",
        SelectionPolicy.First => "first",
        SelectionPolicy.LeastBusy => "least-busy",
        SelectionPolicy.UsageBased => "usage-based",
        _ => "weighted",
    };
}
