using System.Globalization;
using FlowGate.Gateway.Tests.Support;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using Xunit.Abstractions;

namespace FlowGate.Reliability.Tests.Load;

/// <summary>
/// A burst of large bodies must not leave the gateway process at its peak: once the bodies are gone the memory
/// goes back to the system. The gateway runs as its own process (the RSS is the process's), the upstream answers
/// after 3 s so the bodies overlap, and the budget lets several in at once.
/// </summary>
[Collection(LargeBodies.Name)]
public sealed class BodyMemoryTests(ITestOutputHelper output)
{
    private const int Concurrent = 16;
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task AfterABurstOfLargeBodies_TheRssReturnsNearIdle()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions
        {
            RequestLogCapacity = 0,
            FaultsByModel = new Dictionary<string, string> { ["slow"] = "slow-headers:3000" },
        });
        using var dir = new TempDirectory();
        var port = GatewayProcess.FreePort();
        var file = dir.Write("providers.toml", $$"""
            [global]
            main_port = 1

            [gateway]
            port = {{port}}
            max_request_body_mb = 40

            [instances.mock]
            port = {{mock.Port}}
            api_key = "memory-instance-key"
            providers = [{ type = "openai", base_url = "http://127.0.0.1:{{mock.Port}}/v1" }]

            [routing]
            "big" = [{ instance = "mock", provider = "openai", model = "slow" }]
            "small" = [{ instance = "mock", provider = "openai", model = "mock-small" }]
            """);
        await using var process = GatewayProcess.Start("--config", file);
        var address = await process.WaitForListeningAsync();
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(120) };

        // Idle: after start-up and a few small requests, so that what is measured later is the bodies alone.
        for (var i = 0; i < 20; i++)
        {
            using var warm = await http.SendAsync(Requests.Chat("small", "warm"));
            Assert.True(warm.IsSuccessStatusCode, await warm.Content.ReadAsStringAsync());
        }

        var idle = await SettledRssAsync(process.Id);

        var text = new string('x', 25 * 1024 * 1024);
        var statuses = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(async _ =>
        {
            using var response = await http.SendAsync(Requests.Chat("big", text));
            await response.Content.ReadAsByteArrayAsync();
            return (int)response.StatusCode;
        }));
        var peak = PeakRss(process.Id);
        Assert.Contains(200, statuses);
        Assert.All(statuses, s => Assert.True(s is 200 or 503, $"status {s}"));

        // Near idle: within 96 MiB of it (the peak is several hundred above). Polled, because the memory is given back
        // off the request path, a moment after the bodies are released.
        var bound = idle + (96 * MiB);
        var after = Rss(process.Id);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (after > bound && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            after = Rss(process.Id);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Concurrent} concurrent 25 MiB bodies: {statuses.Count(s => s == 200)} answered 200, {statuses.Count(s => s == 503)} got 503; RSS idle {idle / MiB} MiB, peak {peak / MiB} MiB, after {after / MiB} MiB (bound {bound / MiB} MiB)"));
        Assert.True(after <= bound, $"RSS stayed at {after / MiB} MiB after the burst (idle {idle / MiB} MiB, peak {peak / MiB} MiB)");
    }

    private static async Task<long> SettledRssAsync(int pid)
    {
        // Start-up work (JIT, config, the first connections) settles within a moment; take the lowest of a few reads.
        var lowest = long.MaxValue;
        for (var i = 0; i < 8; i++)
        {
            await Task.Delay(250);
            lowest = Math.Min(lowest, Rss(pid));
        }

        return lowest;
    }

    private static long Rss(int pid) => StatusField(pid, "VmRSS:");

    private static long PeakRss(int pid) => StatusField(pid, "VmHWM:");

    private static long StatusField(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
