using System.Net;
using FlowGate.MockUpstream;
using Microsoft.Extensions.Primitives;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>Hot reload while requests are in flight: none fails, and the new config serves the next request.</summary>
public sealed class ReloadTests
{
    [Fact]
    public async Task ReloadsUnderTraffic_LoseNoRequest()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { PaceMs = 5, RequestLogCapacity = 0 });
        var source = new MutableSource(Version(mock, 0));
        using var owned = source;
        await using var gateway = await TestGateway.StartAsync(source);

        using var stop = new CancellationTokenSource();
        var reloads = Task.Run(async () =>
        {
            for (var v = 1; !stop.IsCancellationRequested; v++)
            {
                source.Publish(Version(mock, v));
                await Task.Delay(5);
            }
        });
        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            using var response = await gateway.Client.SendAsync(Requests.Chat("stable", $"r{i}", stream: i % 2 == 0));
            _ = await response.Content.ReadAsStringAsync();
            return response.StatusCode;
        }));
        await stop.CancelAsync();
        await reloads;

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        source.Publish(Version(mock, 999) with { Routing = Version(mock, 999).Routing with { Routes = [Route("renamed", Target("a", "mock-large"))] } });
        using var renamed = await gateway.Client.SendAsync(Requests.Chat("renamed"));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
    }

    private static GatewayConfig Version(MockUpstreamServer mock, int version) =>
        Gateway([Instance("a", mock)], Route("stable", Target("a", "mock-large", weight: 1 + (version % 3))));

    private sealed class MutableSource(GatewayConfig initial) : IGatewayConfigSource, IDisposable
    {
        private GatewayConfig _current = initial;
        private CancellationTokenSource _changed = new();

        public GatewayConfig Current => Volatile.Read(ref _current);

        public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changed).Token);

        public void Publish(GatewayConfig config)
        {
            Volatile.Write(ref _current, config);
            var previous = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
            previous.Cancel();
            previous.Dispose();
        }

        public void Dispose() => _changed.Dispose();
    }
}
