using System.Diagnostics;
using System.Net;
using FlowGate.Config.Reload;
using FlowGate.Gateway.Tests.Support;
using FlowGate.MockUpstream;
using FlowGate.Reliability.Tests.Harness;
using FlowGate.Routing.AspNetCore;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Xunit.Abstractions;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Reliability.Tests.Load;

/// <summary>Failure handling and limits under load, in bounded loops on loopback that fit CI time; each prints what it measured.</summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RetryAmplification_StaysWithinMaxAttempts_WithHalfTheAnswersFailing()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { RequestLogCapacity = 0 });
        var config = Configs.Gateway([Instance("a", mock)], Route("amp", Target("a", "mock-large")) with { Fallbacks = ["amp-b"] }, Route("amp-b", Target("a", "mock-small")));

        // allowed_fails high: the failing target never cools, so every failure costs a second attempt (the worst case).
        await using var gateway = await TestGateway.StartAsync(config with { Routing = config.Routing with { Failures = config.Routing.Failures with { AllowedFails = 1000 } } });
        const int requests = 400;
        var statuses = await Task.WhenAll(Enumerable.Range(0, requests).Select(async i =>
        {
            using var request = Outcome.Request((Client)(i % 3), "amp", stream: i % 4 < 2, $"amp-{i}");
            if (i % 2 == 0)
            {
                request.Headers.Add("x-mock-fault", "status:503;times:1");
            }

            using var response = await gateway.Client.SendAsync(request);
            _ = await response.Content.ReadAsStringAsync();
            return response.StatusCode;
        }));

        var ratio = (double)mock.Counters.Total / requests;
        output.WriteLine($"retry amplification: {mock.Counters.Total} upstream attempts for {requests} client requests = {ratio:0.00} (max_attempts 3); 50% of first answers failed");
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.InRange(ratio, 1.0, 3.0);
        Assert.Equal(1.5, ratio, 0.01);
    }

    [Fact]
    public async Task Overload_BeyondTheConcurrencyLimit_Is429WithRetryAfter()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { RequestLogCapacity = 0 });
        var config = Configs.Gateway([Instance("a", mock)], Route("r", Target("a", "mock-large")));
        await using var gateway = await TestGateway.StartAsync(config with { Limits = GatewayLimits.Default with { MaxConcurrentRequests = 4 } });

        // Four slow streams hold every slot.
        var held = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            var request = Requests.Chat("r", "hold", stream: true, requestId: $"hold-{i}");
            // Paced so slowly that they outlive the 200 refused requests however loaded the machine is.
            request.Headers.Add("x-mock-pace-ms", "5000");
            held.Add(await gateway.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead));
        }

        var times = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await gateway.Client.SendAsync(Requests.Messages("r", "over"));
            _ = await response.Content.ReadAsStringAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        }

        foreach (var response in held)
        {
            response.Dispose();
        }

        times.Sort();
        var p50 = times[times.Count / 2];
        var p99 = times[(int)(times.Count * 0.99)];
        output.WriteLine($"overload: 200 requests beyond MaxConcurrentRequests=4 all 429 + Retry-After: 1; answer time p50 {p50:0.0} ms, p99 {p99:0.0} ms, max {times[^1]:0.0} ms");
        Assert.Equal(4, mock.Counters.Total);
    }

    [Fact]
    public async Task AThousandAlternatingReloads_OfARealProvidersToml_UnderTraffic_LoseNoRequest_AndApplyNoInvalidConfig()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { RequestLogCapacity = 0 });
        using var dir = new TempDirectory();
        var file = dir.Write("providers.toml", Toml(mock.Port, 0, valid: true));
        using var provider = new FlowGateConfigProvider(file);
        using var source = new ProviderSource(provider);
        await using var gateway = await TestGateway.StartAsync(source);
        var holder = gateway.Services.GetRequiredService<GatewayRuntimeHolder>();

        using var stop = new CancellationTokenSource();
        var served = 0;
        var failed = new List<string>();
        var traffic = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                using var response = await gateway.Client.SendAsync(Outcome.Request((Client)(i % 3), "stable", stream: i % 2 == 0, $"w{worker}-{i}"));
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK || body.Length == 0)
                {
                    lock (failed)
                    {
                        failed.Add($"{response.StatusCode}: {body}");
                    }
                }

                Interlocked.Increment(ref served);
            }
        })).ToArray();

        const int reloads = 1_000;
        var rejected = 0;
        var watch = Stopwatch.StartNew();
        for (var v = 1; v <= reloads; v++)
        {
            var valid = v % 2 == 0;
            // Written atomically (temp file + rename): the file watcher reloads on its own too, and a half-written
            // providers.toml can be a valid, different config.
            File.WriteAllText(file + ".tmp", Toml(mock.Port, v, valid));
            File.Move(file + ".tmp", file, overwrite: true);
            var before = Volatile.Read(ref served);
            var result = provider.Reload();
            var table = holder.Current.Table;
            Assert.False(table.TryGetRoute("bad", out _), $"reload {v}: an invalid configuration was applied");
            if (valid)
            {
                Assert.True(table.TryGetRoute($"extra-{v}", out _), $"reload {v}: the valid configuration was not applied");
            }
            else
            {
                rejected++;
                Assert.True(table.TryGetRoute($"extra-{v - 1}", out _), $"reload {v}: the last good configuration is not in force ({result})");
            }

            // Interleave: the next reload waits until traffic has moved on (bounded).
            var wait = Stopwatch.StartNew();
            while (Volatile.Read(ref served) == before && wait.Elapsed < TimeSpan.FromSeconds(2))
            {
                await Task.Yield();
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(traffic);
        output.WriteLine($"reloads: {reloads} ({rejected} invalid, all rejected) in {watch.Elapsed.TotalSeconds:0.0} s through FlowGateConfigProvider on a real providers.toml; {served} requests in flight meanwhile, {failed.Count} failed");
        Assert.Empty(failed);
        Assert.True(served > 0);
    }

    [Fact]
    public async Task Sigterm_WithLiveStreams_TheyFinishOrEndWithAProtocolError_NewRequestsAreRefused_TheProcessExits()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { RequestLogCapacity = 0 });
        using var dir = new TempDirectory();
        var port = GatewayProcess.FreePort();
        var file = dir.Write("providers.toml", Toml(mock.Port, 0, valid: true, gatewayPort: port));
        await using var process = GatewayProcess.Start("--config", file, "--shutdownTimeoutSeconds", "4");
        var address = await process.WaitForListeningAsync();
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

        // 20 paced streams: 1.5 s each (finish inside the drain window); 4 slow ones: 8 s each (cut by it).
        var streams = Enumerable.Range(0, 24).Select(async i =>
        {
            var client = (Client)(i % 3);
            var request = Outcome.Request(client, "stable", stream: true, $"drain-{i}");
            request.Headers.Add("x-mock-pace-ms", i < 20 ? "100" : "500");
            request.Headers.Add("x-mock-deltas", "15");
            var watch = Stopwatch.StartNew();
            var outcome = await Outcome.ReadAsync(http, request, client, stream: true);
            return (i, outcome, watch.Elapsed);
        }).ToList();
        await Poll.UntilAsync(() => Task.FromResult(mock.Counters.Total), n => n >= 24, TimeSpan.FromSeconds(20), "24 live streams");

        var terminated = Stopwatch.StartNew();
        await process.TerminateAsync();
        await Task.Delay(300);
        var refused = false;
        try
        {
            using var late = await http.SendAsync(Requests.Chat("stable", "late"));
            refused = late.StatusCode != HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            refused = true;
        }

        var results = await Task.WhenAll(streams);
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(20));
        var finished = results.Count(r => r.outcome.Kind == "ok");
        var cut = results.Where(r => r.outcome.Kind != "ok").ToList();
        output.WriteLine($"SIGTERM: {finished} of 24 live streams finished inside the 4 s drain window, {cut.Count} ended otherwise ({string.Join(", ", cut.Select(c => c.outcome.Kind).Distinct())}); exit {exit} after {terminated.Elapsed.TotalSeconds:0.0} s; new request refused: {refused}");
        Assert.Equal(0, exit);
        Assert.True(refused);
        Assert.All(results.Where(r => r.i < 20), r => Assert.Equal("ok", r.outcome.Kind));

        // What the window cut ends with the protocol's terminal error event, just before the host's own deadline.
        Assert.Equal(4, cut.Count);
        Assert.All(cut, r => Assert.Equal("stream-error", r.outcome.Kind));
    }

    [Fact]
    public async Task Soak_StreamsAndFaults_TheGatewaysRssStaysBounded()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("FLOWGATE_SOAK_SECONDS"), out var s) ? s : 15;
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { RequestLogCapacity = 0 });
        using var dir = new TempDirectory();
        var port = GatewayProcess.FreePort();
        // A route's only target is never ejected for transient failures, so every fault reaches the mock and the relay.
        // (A 429 would eject it for everyone: the mock's OpenAI 429 says "try again in 1s", an explicit signal.)
        var file = dir.Write("providers.toml", Toml(mock.Port, 0, valid: true, gatewayPort: port, allowedFails: 1_000));
        await using var process = GatewayProcess.Start("--config", file);
        var address = await process.WaitForListeningAsync();
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        string[] faults = ["none", "none", "none", "status:500;times:1", "cut-after:3", "reset-after-bytes:900", "malformed-after:2", "status:502;times:1"];

        long requests = 0;
        var kinds = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        async Task RunAsync(TimeSpan duration)
        {
            var end = DateTime.UtcNow + duration;
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async worker =>
            {
                for (var i = 0; DateTime.UtcNow < end; i++)
                {
                    var client = (Client)(i % 3);
                    using var request = Outcome.Request(client, "stable", stream: i % 3 != 0, $"soak-{worker}-{i}-{Guid.NewGuid():N}", text: new string('x', 200 + (i % 50)));
                    request.Headers.Add("x-mock-fault", faults[(worker + i) % faults.Length]);
                    var outcome = await Outcome.ReadAsync(http, request, client, i % 3 != 0);
                    kinds.AddOrUpdate(outcome.Kind, 1, (_, n) => n + 1);
                    Interlocked.Increment(ref requests);
                }
            }));
        }

        await RunAsync(TimeSpan.FromSeconds(Math.Max(3, seconds / 4)));
        var warm = Rss(process.Id);
        await RunAsync(TimeSpan.FromSeconds(seconds));
        var end = Rss(process.Id);
        var bound = (warm * 1.5) + (16 * 1024 * 1024);
        output.WriteLine($"soak: {seconds} s + warm-up, {requests} requests (streams, whole answers, 5 fault kinds); RSS after warm-up {warm / 1048576.0:0.0} MiB, at the end {end / 1048576.0:0.0} MiB ({(end - warm) * 100.0 / warm:+0.0;-0.0}%); bound {bound / 1048576.0:0.0} MiB");
        output.WriteLine("soak outcomes: " + string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}")));
        Assert.True(end <= bound, $"RSS grew from {warm} to {end} bytes");
        Assert.True(kinds.GetValueOrDefault("ok") > requests / 3, "most soak requests should succeed");
        Assert.DoesNotContain(kinds.Keys, k => k.StartsWith("invalid:200", StringComparison.Ordinal));
    }

    internal static string Toml(int mockPort, int version, bool valid, int gatewayPort = 1, int allowedFails = 0) =>
        $$"""
        [global]
        main_port = 1

        [gateway]
        port = {{gatewayPort}}
        allowed_fails = {{allowedFails}}

        [instances.mock]
        port = {{mockPort}}
        api_key = "load-instance-key"
        providers = [{ type = "openai", base_url = "http://127.0.0.1:{{mockPort}}/v1" }]

        [routing]
        "stable" = [{ instance = "mock", provider = "openai", model = "mock-large", weight = {{1 + (version % 3)}} }]
        "extra-{{version}}" = [{ instance = "mock", provider = "openai", model = "mock-small" }]

        """ + (valid ? string.Empty : "\"bad\" = [{ instance = \"nope\", model = \"m\" }]\n");

    private static long Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The gateway's own mapping (<see cref="FlowGate.Routing.AspNetCore.Configuration.FileConfigMapping.Map"/>) over a provider the test reloads by hand.</summary>
    private sealed class ProviderSource(FlowGateConfigProvider provider) : IGatewayConfigSource, IDisposable
    {
        public GatewayConfig Current => FlowGate.Routing.AspNetCore.Configuration.FileConfigMapping.Map(provider.Current);

        public IChangeToken GetChangeToken() => provider.GetChangeToken();

        public void Dispose()
        {
        }
    }
}
