using System.Text.Json;
using FlowGate.Routing.AspNetCore.Hosting;
using FlowGate.Routing.AspNetCore.Metrics;
using FlowGate.Routing.AspNetCore.State;
using FlowGate.Routing.AspNetCore.Usage;
using FlowGate.Routing.Usage;

namespace FlowGate.Routing.AspNetCore.Status;

/// <summary>
/// The status page's data: routes and their targets with weights and live state (in flight, ejected until and why,
/// ejections in a row, budget used this minute), and the recent requests. Names and numbers only: no key, no body.
/// </summary>
internal static class StatusJson
{
    public static void Write(Utf8JsonWriter w, GatewayRuntime runtime, GatewayState state, RecentRequests recent, DateTimeOffset now, ISharedStateStatus? shared = null)
    {
        var view = state.ViewOf(runtime.Table);
        w.WriteStartObject();
        w.WriteString("now", now);
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
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("requests_total", recent.Total);
        w.WriteStartArray("recent");
        foreach (var request in recent.Snapshot())
        {
            WriteRequest(w, request);
        }

        w.WriteEndArray();
        if (shared is not null)
        {
            HealthEndpoints.WriteSharedState(w, shared);
        }

        w.WriteEndObject();
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
