using FlowGate.Config.Reload;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static FlowGate.Config.Tests.Reload.ReloadTestSupport;

namespace FlowGate.Config.Tests.Reload;

/// <summary>The provider over a scripted loader and a manual clock: no files, no waiting.</summary>
public sealed class FlowGateConfigProviderTests
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Constructor_BadFirstLoad_ThrowsWithEveryDiagnostic()
    {
        var loader = new ScriptedLoader(Bad(Error("routing.a", 3, "first."), Error("routing.b", 7, "second.")));

        var e = Assert.Throws<ConfigLoadException>(() => Create(loader));

        Assert.Equal(["first.", "second."], e.Diagnostics.Select(d => d.Message));
        Assert.Contains("routing.b", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_GoodFirstLoad_ExposesTheSnapshotAndItsDiagnostics()
    {
        var warning = new ConfigDiagnostic(ConfigSeverity.Warning, default, "credentials", "readable by others.");
        var loader = new ScriptedLoader(Good("opus") with { Diagnostics = [warning] });

        using var provider = Create(loader);

        Assert.Equal("opus", RouteOf(provider.Current));
        Assert.Equal([warning], provider.LastDiagnostics);
        Assert.False(provider.GetChangeToken().HasChanged);
        Assert.Equal(1, loader.Calls);
    }

    [Fact]
    public void Reload_Changed_PublishesNewSnapshotAndFiresTheOldToken()
    {
        var loader = new ScriptedLoader(Good("opus"));
        using var provider = Create(loader);
        var before = provider.Current;
        var token = provider.GetChangeToken();
        ConfigReloadResult? raised = null;
        provider.Reloaded += (_, r) => raised = r;

        loader.Next = Good("sonnet");
        var result = provider.Reload();

        Assert.Equal(ConfigReloadOutcome.Applied, result.Outcome);
        Assert.Same(result, raised);
        Assert.Equal("sonnet", RouteOf(provider.Current));
        Assert.Same(provider.Current, result.Config);
        Assert.True(token.HasChanged);
        Assert.False(provider.GetChangeToken().HasChanged);
        Assert.Equal("opus", RouteOf(before));
    }

    [Fact]
    public void Reload_TokenCallback_SeesTheNewSnapshotAndANewToken()
    {
        var loader = new ScriptedLoader(Good("opus"));
        using var provider = Create(loader);
        string? seen = null;
        bool? nextTokenChanged = null;
        provider.GetChangeToken().RegisterChangeCallback(
            _ =>
            {
                nextTokenChanged = provider.GetChangeToken().HasChanged;
                seen = RouteOf(provider.Current);
            },
            null);

        loader.Next = Good("sonnet");
        provider.Reload();

        Assert.Equal("sonnet", seen);
        Assert.False(nextTokenChanged);
    }

    [Fact]
    public void Reload_Bad_KeepsLastGoodAndReportsAndLogsEveryDiagnostic()
    {
        var logger = new ListLogger();
        var loader = new ScriptedLoader(Good("opus"));
        using var provider = Create(loader, logger);
        var token = provider.GetChangeToken();
        var good = provider.Current;
        var errors = new[] { Error("routing.x", 2, "unknown key 'wieght'; did you mean 'weight'?"), Error("routing.y", 5, "no such upstream.") };

        loader.Next = Bad(errors);
        var result = provider.Reload();

        Assert.Equal(ConfigReloadOutcome.Rejected, result.Outcome);
        Assert.Same(good, provider.Current);
        Assert.Same(good, result.Config);
        Assert.Equal(errors, result.Diagnostics);
        Assert.Equal(errors, provider.LastDiagnostics);
        Assert.False(token.HasChanged);
        var logged = logger.Entries.Where(e => e.Level == LogLevel.Error).Select(e => e.Message).ToList();
        Assert.All(errors, d => Assert.Contains(logged, m => m.Contains(d.ToString(), StringComparison.Ordinal)));
        Assert.Contains(logged, m => m.Contains("2 error(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void Reload_FixedAfterBad_Applies()
    {
        var loader = new ScriptedLoader(Good("opus"));
        using var provider = Create(loader);
        loader.Next = Bad(Error("routing", 1, "bad."));
        provider.Reload();

        loader.Next = Good("sonnet");
        var result = provider.Reload();

        Assert.Equal(ConfigReloadOutcome.Applied, result.Outcome);
        Assert.Equal("sonnet", RouteOf(provider.Current));
        Assert.Empty(provider.LastDiagnostics);
    }

    [Fact]
    public void Reload_EqualConfig_PublishesNothing()
    {
        var loader = new ScriptedLoader(Good("opus"));
        using var provider = Create(loader);
        var token = provider.GetChangeToken();
        var before = provider.Current;

        loader.Next = Good("opus"); // a new instance, equal by value
        var result = provider.Reload();

        Assert.Equal(ConfigReloadOutcome.Unchanged, result.Outcome);
        Assert.Same(before, provider.Current);
        Assert.False(token.HasChanged);
    }

    [Fact]
    public void Reload_LoaderThrows_IsRejectedAndLogged()
    {
        var logger = new ListLogger();
        var loader = new ScriptedLoader(Good("opus"));
        using var provider = Create(loader, logger);
        var token = provider.GetChangeToken();
        loader.Behaviour = () => throw new InvalidOperationException("a bug");

        var result = provider.Reload();

        Assert.Equal(ConfigReloadOutcome.Rejected, result.Outcome);
        Assert.Equal("opus", RouteOf(provider.Current));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(ConfigSeverity.Error, diagnostic.Severity);
        Assert.Contains("InvalidOperationException", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(result.Diagnostics, provider.LastDiagnostics);
        Assert.False(token.HasChanged);
        Assert.Contains(logger.Entries, e => e.Exception is InvalidOperationException);

        loader.Behaviour = null;
        loader.Next = Good("sonnet");
        Assert.Equal(ConfigReloadOutcome.Applied, provider.Reload().Outcome);
    }

    [Fact]
    public void Reload_HandlerThrows_IsLoggedAndReloadingGoesOn()
    {
        var logger = new ListLogger();
        var loader = new ScriptedLoader(Good("opus"));
        using var provider = Create(loader, logger);
        provider.Reloaded += (_, _) => throw new InvalidOperationException("subscriber bug");
        provider.GetChangeToken().RegisterChangeCallback(_ => throw new InvalidOperationException("callback bug"), null);

        loader.Next = Good("sonnet");
        var result = provider.Reload();

        Assert.Equal(ConfigReloadOutcome.Applied, result.Outcome);
        Assert.Equal(2, logger.Entries.Count(e => e.Exception is not null));
        loader.Next = Good("haiku");
        Assert.Equal(ConfigReloadOutcome.Applied, provider.Reload().Outcome);
    }

    [Fact]
    public void Reload_Concurrent_LoadsNeverOverlap()
    {
        var inside = 0;
        var overlapped = false;
        var loader = new ScriptedLoader(Good("opus"));
        using var provider = Create(loader);
        var n = 0;
        loader.Behaviour = () =>
        {
            if (Interlocked.Increment(ref inside) > 1)
            {
                overlapped = true;
            }

            Thread.SpinWait(20_000);
            var route = "r" + Interlocked.Increment(ref n);
            Interlocked.Decrement(ref inside);
            return Good(route);
        };

        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => provider.Reload());

        Assert.False(overlapped);
        Assert.Equal(17, loader.Calls);
        Assert.Equal("r16", RouteOf(provider.Current));
    }

    [Fact]
    public void ScheduleReload_Burst_ReloadsOnceAfterTheQuietPeriod()
    {
        var loader = new ScriptedLoader(Good("opus"));
        using var provider = Create(loader);
        loader.Next = Good("sonnet");

        for (var i = 0; i < 20; i++)
        {
            provider.ScheduleReload();
            _clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        _clock.Advance(Debounce - TimeSpan.FromMilliseconds(11));
        Assert.Equal(1, loader.Calls);
        Assert.Equal("opus", RouteOf(provider.Current));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, loader.Calls);
        Assert.Equal("sonnet", RouteOf(provider.Current));

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, loader.Calls);
    }

    [Fact]
    public void ScheduleReload_EndlessEvents_StillReloadWithinFourPeriods()
    {
        var loader = new ScriptedLoader(Good("opus"));
        using var provider = Create(loader);

        // An event every 100 ms never leaves 250 ms of quiet; the burst is cut at 1 s.
        for (var i = 0; i < 20; i++)
        {
            provider.ScheduleReload();
            _clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(1 + 2, loader.Calls);
    }

    [Fact]
    public void ScheduleReload_EventDuringTheWait_ReloadsAgain()
    {
        var loader = new ScriptedLoader(Good("opus"));
        using var provider = Create(loader);
        provider.ScheduleReload();
        _clock.Advance(Debounce);
        Assert.Equal(2, loader.Calls);

        provider.ScheduleReload();
        _clock.Advance(Debounce);
        Assert.Equal(3, loader.Calls);
    }

    [Fact]
    public void Reload_NewFileWatched_ReloadsOnceMoreToCoverTheGapAndSettles()
    {
        using var dir = new TempDirectory();
        var config = dir.File("providers.toml");
        var secret = dir.File("vault", "key.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(secret)!);
        var loader = new ScriptedLoader(Good("opus", config));
        using var provider = Create(loader);

        loader.Next = Good("sonnet", config, secret);
        provider.Reload();
        Assert.Contains(Path.GetDirectoryName(secret)!, provider.WatchedDirectories);
        _clock.Advance(Debounce);
        Assert.Equal(3, loader.Calls);

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(3, loader.Calls);
        provider.Reload();
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(4, loader.Calls);
    }

    [Fact]
    public void Dispose_StopsPendingAndLaterReloads_AndIsIdempotent()
    {
        var loader = new ScriptedLoader(Good("opus"));
        var provider = Create(loader);
        provider.ScheduleReload();

        provider.Dispose();
        provider.Dispose();
        _clock.Advance(TimeSpan.FromSeconds(1));
        provider.ScheduleReload();
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, loader.Calls);
        Assert.Empty(provider.WatchedDirectories);
        Assert.Throws<ObjectDisposedException>(() => provider.Reload());
        Assert.Equal("opus", RouteOf(provider.Current));
    }

    [Fact]
    public void Dispose_FromAReloadedHandler_DoesNotDeadlock()
    {
        var loader = new ScriptedLoader(Good("opus"));
        var provider = Create(loader);
        provider.Reloaded += (sender, _) => ((FlowGateConfigProvider)sender!).Dispose();
        provider.ScheduleReload();

        _clock.Advance(Debounce);

        Assert.Equal(2, loader.Calls);
        Assert.Throws<ObjectDisposedException>(() => provider.Reload());
    }

    [Fact]
    public void PublicConstructor_MissingFile_ThrowsWithTheLoadersDiagnostic()
    {
        using var dir = new TempDirectory();

        var e = Assert.Throws<ConfigLoadException>(() => new FlowGateConfigProvider(dir.File("providers.toml")));

        Assert.Contains(e.Diagnostics, d => d.Message == "no such file.");
    }

    private FlowGateConfigProvider Create(ScriptedLoader loader, ILogger? logger = null) =>
        new(loader.Load, "/flowgate/providers.toml", _clock, logger, Debounce);
}
