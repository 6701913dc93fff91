using System.Net;
using Yarp.ReverseProxy.Forwarder;

// dotnet YarpForwarder.dll --port PORT --upstream http://127.0.0.1:UPSTREAM_PORT
// Forwards every request, as it is, to the upstream with YARP's IHttpForwarder (direct forwarding: no routes, no
// clusters, no config). The runtime settings are the FlowGate gateway's, so that the two compare like for like:
// workstation GC (the csproj), socket completions run inline (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 unless
// set, and Kestrel's UnsafePreferInlineScheduling), logging at Warning, no per-request hosting diagnostics.
var port = Argument(args, "--port");
var upstream = Argument(args, "--upstream");
if (port is null || upstream is null || !int.TryParse(port, out var listenPort) || !Uri.TryCreate(upstream, UriKind.Absolute, out _))
{
    await Console.Error.WriteLineAsync("usage: YarpForwarder --port PORT --upstream http://127.0.0.1:PORT").ConfigureAwait(false);
    return 2;
}

// The runtime reads the variable once, when its socket engine starts: before the first socket.
var inlineValue = Environment.GetEnvironmentVariable(InlineIo.Variable);
if (inlineValue is null)
{
    Environment.SetEnvironmentVariable(InlineIo.Variable, "1");
    inlineValue = "1";
}

var inline = inlineValue == "1";

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);

// While any Hosting.Diagnostics level is on, ASP.NET starts an Activity and a log scope for every request; the FlowGate
// gateway turns it off too.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = inline);
builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, listenPort));
builder.Services.AddHttpForwarder();

await using var app = builder.Build();

// One client for every request, as YARP's direct-forwarding docs set it up. No trace headers go upstream (FlowGate's
// default as well).
using var client = new HttpMessageInvoker(new SocketsHttpHandler
{
    UseProxy = false,
    AllowAutoRedirect = false,
    AutomaticDecompression = DecompressionMethods.None,
    UseCookies = false,
    EnableMultipleHttp2Connections = true,
    ActivityHeadersPropagator = null,
    ConnectTimeout = TimeSpan.FromSeconds(15),
});
var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
var requestConfig = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(100) };

// A failed forward answers 502 (YARP sets it), which wrk counts as a non-2xx answer.
app.Run(async context => await forwarder.SendAsync(context, upstream, client, requestConfig, HttpTransformer.Default).ConfigureAwait(false));

await app.StartAsync().ConfigureAwait(false);
Console.WriteLine($"YARP forwarder listening on 127.0.0.1:{listenPort} (inline I/O {(inline ? "on" : "off")}) -> {upstream}");
await app.WaitForShutdownAsync().ConfigureAwait(false);
return 0;

static string? Argument(string[] args, string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

/// <summary>The runtime's switch for running socket completions on the socket engine's threads.</summary>
internal static class InlineIo
{
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
}
