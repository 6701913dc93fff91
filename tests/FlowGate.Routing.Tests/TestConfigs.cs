namespace FlowGate.Routing.Tests;

/// <summary>Small configurations shared by the tests.</summary>
internal static class TestConfigs
{
    public static UpstreamConfig Upstream(string name) =>
        new() { Name = name, Protocol = UpstreamProtocol.Instance, BaseUrl = new Uri($"http://127.0.0.1:{8146 + name.Length}") };

    public static TargetConfig Target(string upstream, string model, int weight = 1) =>
        new() { Upstream = upstream, Model = model, Weight = weight };

    public static RouteConfig Route(string name, params TargetConfig[] targets) =>
        new() { Name = name, Targets = [.. targets] };

    public static RoutingConfig WithRoutes(params RouteConfig[] routes) => new()
    {
        Upstreams = routes.SelectMany(r => r.Targets).Select(t => t.Upstream).Distinct().Select(Upstream).ToValueArray(),
        Routes = [.. routes],
    };
}
