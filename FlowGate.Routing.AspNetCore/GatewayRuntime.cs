namespace FlowGate.Routing.AspNetCore;

/// <summary>One configuration compiled for serving: the route table and router built once per reload.</summary>
internal sealed class GatewayRuntime
{
    public GatewayRuntime(GatewayConfig config)
    {
        Config = config;
        Table = RouteTable.Create(config.Routing);
        Router = new Router(Table);
        HasRoundRobin = config.Routing.Routes.Any(r => r.Policy == SelectionPolicy.RoundRobin);
        Redactor = Secrets.SecretRedactor.For(config);
    }

    /// <summary>Gets the masker of every secret this configuration injects upstream.</summary>
    public Secrets.SecretRedactor Redactor { get; }

    /// <summary>Gets a value indicating whether any route uses smooth round robin, whose counters need a lock.</summary>
    public bool HasRoundRobin { get; }

    public GatewayConfig Config { get; }

    public RouteTable Table { get; }

    public Router Router { get; }

    public GatewayLimits Limits => Config.Limits;
}
