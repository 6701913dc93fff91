// An ASP.NET Core app of its own that embeds FlowGate beside its own endpoints. FlowGate serves a providers.toml (or
// flowgate.yaml) given as --FlowGate:ConfigFile PATH (or the FlowGate__ConfigFile environment variable) and follows its
// edits; the app keeps its own /, /hello, /health and /metrics. Port: --urls http://127.0.0.1:PORT.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddFlowGate(builder.Configuration.GetSection("FlowGate"));

var app = builder.Build();
app.MapGet("/", () => Results.Text("EmbeddedApp: its own root\n"));
app.MapGet("/hello", () => Results.Text("hello from the embedding app\n"));
app.MapGet("/health", () => Results.Text("EmbeddedApp: its own health\n"));
app.MapGet("/metrics", () => Results.Text("# EmbeddedApp: its own metrics\n"));

// FlowGate's inference endpoints and model list; its health check reports through ASP.NET's, under a path of the app's choosing.
app.MapFlowGate();
app.MapHealthChecks("/healthz");
app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"EmbeddedApp listening; FlowGate serves {builder.Configuration["FlowGate:ConfigFile"]}"));
await app.RunAsync().ConfigureAwait(false);
