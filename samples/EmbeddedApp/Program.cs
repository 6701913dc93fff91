// An ASP.NET Core app of its own that embeds FlowGate beside its own endpoints. FlowGate serves a providers.toml (or
// flowgate.yaml) given as --FlowGate:ConfigFile PATH (or the FlowGate__ConfigFile environment variable) and follows its
// edits; the app keeps its own /, /hello, /health and /metrics. Port: --urls http://127.0.0.1:PORT.
using OpenTelemetry.Trace;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddFlowGate(builder.Configuration.GetSection("FlowGate"));

// FlowGate's spans (one per request, one per upstream attempt, with the GenAI attributes) printed by OpenTelemetry's
// console exporter; an app would add its OTLP exporter here instead. FlowGate's spans are children of ASP.NET Core's
// server span, so that one is sampled too (OpenTelemetry's default sampler follows the parent).
builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource("FlowGate", "Microsoft.AspNetCore").AddConsoleExporter());

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
