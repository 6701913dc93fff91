using FlowGate.Gateway;
using FlowGate.Routing;
using FlowGate.Routing.Selection;

// Until the ASP.NET host lands, the gateway sample shows the core deciding on its embedded demo config:
// how each model name resolves and where ten requests would go.
var table = RouteTable.Create(DemoConfig.Create());
var random = new Random(42);
var models = args.Length > 0 ? args : ["router-default", "sonnet", "claude-opus-4-6", "gpt-5-mini", "opus4.7"];

Console.WriteLine($"FlowGate demo: {table.Routes.Count} routes, {table.TargetCount} targets; models: {string.Join(", ", table.ListedModels)}");
foreach (var model in models)
{
    var resolution = table.Resolve(model);
    if (resolution.Route is not { } route)
    {
        Console.WriteLine($"{model,-18} -> not found (did you mean '{resolution.ClosestMatch}'?)");
        continue;
    }

    var via = resolution.Pattern is { } pattern ? $" via pattern '{pattern}'" : string.Empty;
    var chain = resolution.AliasChain.IsEmpty ? string.Empty : $" via aliases {string.Join(" -> ", resolution.AliasChain)}";
    var picks = Enumerable.Range(0, 10)
        .Select(_ => TargetSelector.Select(route, new SelectionContext(TargetHealth.AllHealthy, DateTimeOffset.UtcNow, random.NextDouble()))!.Id.ToString())
        .GroupBy(id => id)
        .Select(g => $"{g.Key} x{g.Count()}");
    Console.WriteLine($"{model,-18} -> {route.Name}{via}{chain}; 10 picks: {string.Join(", ", picks)}");
}
