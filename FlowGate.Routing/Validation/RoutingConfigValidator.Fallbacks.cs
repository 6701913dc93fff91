using FlowGate.Routing.Plans;

namespace FlowGate.Routing.Validation;

/// <content>Fallback chains.</content>
internal static partial class RoutingConfigValidator
{
    private static void ValidateFallbacks(RoutingConfig config, HashSet<string> routes, ErrorCollector errors)
    {
        foreach (var route in config.Routes)
        {
            var path = $"routes{ErrorCollector.Key(route.Name ?? string.Empty)}";
            for (var i = 0; i < route.Fallbacks.Count; i++)
            {
                errors.RequireKnown($"{path}.fallbacks[{i}]", route.Fallbacks[i], "route", routes);
            }

            for (var i = 0; i < route.ContextWindowFallbacks.Count; i++)
            {
                errors.RequireKnown($"{path}.context_window_fallbacks[{i}]", route.ContextWindowFallbacks[i], "route", routes);
            }
        }

        foreach (var cycle in FallbackCycleDetector.FindCycles(config))
        {
            var key = cycle.Kind == FallbackKind.General ? "fallbacks" : "context_window_fallbacks";
            errors.Add($"routes{ErrorCollector.Key(cycle.Routes[0])}.{key}", $"fallback cycle: {string.Join(" -> ", cycle.Routes)}.");
        }
    }
}
