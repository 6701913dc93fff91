using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using FlowGate.Routing;
using FlowGate.Routing.AspNetCore.State;
using FlowGate.Routing.Health;
using FlowGate.Routing.Redis;
using FlowGate.Routing.Redis.Sharing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowGate.Benchmarks;

/// <summary>
/// What sharing state through Redis adds to a request: the state work of one answered request (count it against the
/// target's budget, clear the target, bind the session, count its tokens) in process and with Redis behind it (the
/// writes are queued, never awaited); and how long an ejection takes to reach another replica (one pub/sub hop).
/// Needs redis-server (scripts/ci-setup-redis.sh); it starts its own on a free loopback port.
/// </summary>
[MemoryDiagnoser]
public class SharedStateBenchmark
{
    private static readonly string[] Sessions = [.. Enumerable.Range(0, 1024).Select(i => $"session-{i}")];

    private readonly TimeProvider _time = TimeProvider.System;
    private Process? _redis;
    private RouteTable _table = null!;
    private GatewayState _local = null!;
    private GatewayState _shared = null!;
    private RedisTargetStateStore _sharedStore = null!;
    private RedisSharedState _one = null!;
    private RedisSharedState _two = null!;
    private GatewayState _twoState = null!;
    private int _i;
    private long _ejections;

    [GlobalSetup]
    public void Setup()
    {
        var port = FreePort();
        _redis = Process.Start(new ProcessStartInfo("redis-server", ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no"]) { RedirectStandardOutput = true, UseShellExecute = false })
            ?? throw new InvalidOperationException("redis-server did not start (bash scripts/ci-setup-redis.sh)");
        _table = RouteTable.Create(new RoutingConfig
        {
            Upstreams = [new UpstreamConfig { Name = "a", Protocol = UpstreamProtocol.Instance, BaseUrl = new Uri("http://127.0.0.1:8146") }],
            Routes = [new RouteConfig { Name = "r", Targets = [new TargetConfig { Upstream = "a", Model = "m", RequestsPerMinute = 1_000_000 }, new TargetConfig { Upstream = "a", Model = "n" }] }],
        });
        _local = new GatewayState(_time);
        _local.Adopt(_table);
        (_one, _shared) = Replica(port, "one");
        (_two, _twoState) = Replica(port, "two");
        _sharedStore = new RedisTargetStateStore(_shared, _one);
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!(_one.Connected && _two.Connected))
        {
            if (DateTime.UtcNow > until)
            {
                // BenchmarkDotNet skips the cleanup of a failed setup: the server this setup started is stopped here.
                Cleanup();
                throw new InvalidOperationException("the replicas did not connect to redis-server");
            }

            Thread.Sleep(20);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _one.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _two.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _redis?.Kill();
        _redis?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void RequestStateInProcess() => Request(_local, _local);

    [Benchmark]
    public void RequestStateWithRedis() => Request(_shared, _sharedStore);

    /// <summary>
    /// One ejection applied on one replica until the other has it. Each ejection ends a little later than the last, as a
    /// new 429 would (a shorter one never cuts a running ejection), so every operation is one real pub/sub hop.
    /// </summary>
    [Benchmark]
    public void EjectionReachesAnotherReplica()
    {
        var now = _time.GetUtcNow();
        var duration = TimeSpan.FromSeconds(30) + TimeSpan.FromTicks(++_ejections);
        _sharedStore.Apply(_table, new TargetEffect(TargetEffectKind.Eject, 1, now) { Duration = duration, Cause = Routing.Failures.FailureClass.RateLimit });
        var until = _shared.ViewOf(_table)[1].Condition.EjectedUntil;
        var seen = _twoState.ViewOf(_table)[1];
        var spin = new SpinWait();
        while (seen.Condition.EjectedUntil < until)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    private void Request(GatewayState state, ITargetStateStore store)
    {
        var target = state.ViewOf(_table)[0];
        var id = _table.GetTargetId(0);
        var now = _time.GetUtcNow();
        target.Enter();
        store.Apply(_table, new TargetEffect(TargetEffectKind.Recover, 0, now));
        state.Sticky.Bind(Sessions[_i++ & 1023], "r", id, now);
        state.CountTokens(id, 1200);
        target.Leave();
    }

    private (RedisSharedState Shared, GatewayState State) Replica(int port, string name)
    {
        var shared = new RedisSharedState(new RedisStateOptions { Configuration = $"127.0.0.1:{port}", ReplicaName = name }, _time, NullLogger<RedisSharedState>.Instance);
        var state = new GatewayState(_time);
        shared.Attach(state);
        state.Adopt(_table);
        shared.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        return (shared, state);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
