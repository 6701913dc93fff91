using FlowGate.Gateway;
using FlowGate.Routing;
using FlowGate.Routing.Features;
using FlowGate.Routing.Selection;
using FlowGate.Routing.Sessions;

// Until the ASP.NET host lands, the gateway sample shows the core deciding on its embedded demo config:
// how each model name resolves and where ten requests would go.
var router = new Router(RouteTable.Create(DemoConfig.Create()));
var snapshot = new RoutingSnapshot(TargetHealth.AllHealthy, StickyTable.Empty(StickyPolicy.Default), DateTimeOffset.UtcNow);
var random = new Random(42);
var models = args.Length > 0 ? args : ["router-default", "sonnet", "claude-opus-4-6", "gpt-5-mini", "opus4.7"];

Console.WriteLine($"FlowGate demo: {router.Table.Routes.Count} routes, {router.Table.TargetCount} targets; models: {string.Join(", ", router.Table.ListedModels)}");
foreach (var model in models)
{
    var decisions = Enumerable.Range(0, 10).Select(_ => router.Decide(model, RequestFeatures.Empty, snapshot, random.NextDouble())).ToList();
    var first = decisions[0];
    if (first.Route is not { } route)
    {
        Console.WriteLine($"{model,-18} -> not found (did you mean '{first.Resolution.ClosestMatch}'?)");
        continue;
    }

    var via = first.Resolution.Pattern is { } pattern ? $" via pattern '{pattern}'" : string.Empty;
    var chain = first.Resolution.AliasChain.IsEmpty ? string.Empty : $" via aliases {string.Join(" -> ", first.Resolution.AliasChain)}";
    var picks = decisions.GroupBy(d => d.Target!.Id).Select(g => $"{g.Key} x{g.Count()}");
    var fallbacks = first.FallbackPlan.IsEmpty ? "none" : string.Join(", ", first.FallbackPlan);
    Console.WriteLine($"{model,-18} -> {route.Name}{via}{chain}; 10 picks: {string.Join(", ", picks)}; fallbacks: {fallbacks}");
}
