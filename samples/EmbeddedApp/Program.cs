using FlowGate.Routing;

// An ASP.NET Core app of its own that adds FlowGate beside its own endpoints. Routes are written in code and point at
// one upstream, given as --upstream URL (or FLOWGATE_UPSTREAM): a local instance that speaks every protocol, such as
// samples/FlowGate.MockUpstream. Port: --urls http://127.0.0.1:PORT.
var builder = WebApplication.CreateBuilder(args);
var upstream = new Uri(builder.Configuration["upstream"] ?? Environment.GetEnvironmentVariable("FLOWGATE_UPSTREAM") ?? "http://127.0.0.1:9001");

var routing = new RoutingConfig
{
    Upstreams = [new UpstreamConfig { Name = "local", Protocol = UpstreamProtocol.Instance, BaseUrl = upstream }],
    Routes =
    [
        new RouteConfig
        {
            Name = "embedded-default",
            Targets = [new TargetConfig { Upstream = "local", Model = "mock-large" }],
        },
    ],
    Aliases = [new AliasConfig { Name = "gpt-*", Target = "embedded-default" }],
};

builder.Services.AddFlowGate(b => b.UseRoutingConfig(routing));

var app = builder.Build();
app.MapGet("/hello", () => Results.Text("hello from the embedding app\n"));
app.UseFlowGateRouting();
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"EmbeddedApp listening; FlowGate routes to {upstream}"));
await app.RunAsync().ConfigureAwait(false);
