using FlowGate.Config.Reload;
using static FlowGate.Config.Tests.Reload.ReloadTestSupport;

namespace FlowGate.Config.Tests.Reload;

/// <summary>
/// The provider watching real files with the real clock (a short debounce to keep them fast). Every wait polls for
/// the expected state with a bounded timeout; the one check that something does not happen waits on a later event
/// that proves the watcher has caught up, or on several debounce periods after the provider is disposed.
/// </summary>
public sealed class FlowGateConfigProviderFileTests : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(50);
    private readonly TempDirectory _dir = new();
    private readonly List<FlowGateConfigProvider> _providers = [];

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task Edit_PublishesNewSnapshotAndFiresTheOldToken()
    {
        var config = Write("providers.toml", "opus");
        var (provider, _) = Start(config);
        var token = provider.GetChangeToken();
        Assert.Equal("opus", RouteOf(provider.Current));
        Assert.Contains(_dir.Path, provider.WatchedDirectories);

        File.WriteAllText(config, "sonnet");

        await WaitUntil(() => token.HasChanged, "the token fires");
        Assert.Equal("sonnet", RouteOf(provider.Current));
    }

    [Fact]
    public async Task EditToBad_KeepsSnapshotAndReports_ThenFixed_Applies()
    {
        var config = Write("providers.toml", "opus");
        var (provider, _) = Start(config);
        var results = new System.Collections.Concurrent.ConcurrentQueue<ConfigReloadResult>();
        provider.Reloaded += (_, r) => results.Enqueue(r);
        var token = provider.GetChangeToken();

        File.WriteAllText(config, "bad");
        await WaitUntil(() => results.Any(r => r.Outcome == ConfigReloadOutcome.Rejected), "the bad edit is rejected");
        Assert.Equal("opus", RouteOf(provider.Current));
        Assert.Equal("bad route.", Assert.Single(provider.LastDiagnostics).Message);
        Assert.False(token.HasChanged);

        File.WriteAllText(config, "sonnet");
        await WaitUntil(() => token.HasChanged, "the fixed file is applied");
        Assert.Equal("sonnet", RouteOf(provider.Current));
        Assert.Empty(provider.LastDiagnostics);
    }

    [Fact]
    public async Task SecretFileInAnotherDirectory_Changing_Reloads()
    {
        var config = Write("providers.toml", "opus");
        var secret = Write(Path.Combine("secrets", "key.txt"), "k1");
        var (provider, _) = Start(config, secret);
        Assert.Equal("opus+k1", RouteOf(provider.Current));
        Assert.Contains(Path.GetDirectoryName(secret)!, provider.WatchedDirectories);

        File.WriteAllText(secret, "k2");

        await WaitUntil(() => RouteOf(provider.Current) == "opus+k2", "the secret's change is applied");
    }

    [Fact]
    public async Task DotEnvCreatedLater_Reloads()
    {
        var config = Write("providers.toml", "opus");
        var dotEnv = _dir.File(".env");
        var (provider, _) = Start(config, dotEnv);
        var token = provider.GetChangeToken();

        File.WriteAllText(dotEnv, "env");

        await WaitUntil(() => token.HasChanged, "the new .env is applied");
        Assert.Equal("opus+env", RouteOf(provider.Current));
    }

    [Fact]
    public async Task StateFileInADirectoryCreatedLater_IsWatchedOnceItExists()
    {
        var config = Write("providers.toml", "opus");
        var state = _dir.File("state", "flowgate", "profile");
        var (provider, _) = Start(config, state);
        Assert.Contains(_dir.Path, provider.WatchedDirectories);

        Directory.CreateDirectory(Path.GetDirectoryName(state)!);
        await WaitUntil(() => provider.WatchedDirectories.Contains(Path.GetDirectoryName(state)!), "the new directory is watched");
        File.WriteAllText(state, "work");

        await WaitUntil(() => RouteOf(provider.Current) == "opus+work", "the state file is applied");
    }

    [Fact]
    public async Task AtomicReplace_TempFileMovedIntoPlace_IsSeen()
    {
        var config = Write("providers.toml", "opus");
        var state = Write("profile", "home");
        var (provider, _) = Start(config, state);

        // How `profile set` writes the state file: a temp file beside it, renamed over it.
        var temp = Write("profile.tmp-1234", "work");
        File.Move(temp, state, overwrite: true);
        await WaitUntil(() => RouteOf(provider.Current) == "opus+work", "the renamed state file is applied");

        // And an editor's way with the config itself.
        var tempConfig = Write("providers.toml~", "sonnet");
        File.Move(tempConfig, config, overwrite: true);
        await WaitUntil(() => RouteOf(provider.Current) == "sonnet+work", "the renamed config is applied");
    }

    [Fact]
    public async Task MovedInFromAnotherDirectory_IsSeen()
    {
        var config = Write("providers.toml", "opus");
        var (provider, _) = Start(config);

        var staged = Write(Path.Combine("staging", "providers.toml"), "sonnet");
        File.Move(staged, config, overwrite: true);

        await WaitUntil(() => RouteOf(provider.Current) == "sonnet", "the moved-in config is applied");
    }

    [Fact]
    public async Task Deleted_IsRejected_ThenRecreated_Applies()
    {
        var config = Write("providers.toml", "opus");
        var (provider, _) = Start(config);
        var results = new System.Collections.Concurrent.ConcurrentQueue<ConfigReloadResult>();
        provider.Reloaded += (_, r) => results.Enqueue(r);

        File.Delete(config);
        await WaitUntil(() => results.Any(r => r.Outcome == ConfigReloadOutcome.Rejected), "the deletion is rejected");
        Assert.Equal("opus", RouteOf(provider.Current));

        File.WriteAllText(config, "sonnet");
        await WaitUntil(() => RouteOf(provider.Current) == "sonnet", "the recreated config is applied");
    }

    [Fact]
    public async Task SameContentWritten_FiresNoToken()
    {
        var config = Write("providers.toml", "opus");
        var (provider, loader) = Start(config);
        var token = provider.GetChangeToken();
        var results = new System.Collections.Concurrent.ConcurrentQueue<ConfigReloadResult>();
        provider.Reloaded += (_, r) => results.Enqueue(r);

        File.WriteAllText(config, "opus");

        await WaitUntil(() => !results.IsEmpty, "the rewrite is reloaded");
        Assert.All(results, r => Assert.Equal(ConfigReloadOutcome.Unchanged, r.Outcome));
        Assert.False(token.HasChanged);
        Assert.True(loader.Calls >= 2);
    }

    [Fact]
    public async Task FileSetChanges_NewFilesAreWatchedAndDroppedOnesAreNot()
    {
        var config = Write("providers.toml", "opus");
        var (provider, loader) = Start(config);
        var secret = Write(Path.Combine("vault", "key.txt"), "k1");
        Assert.DoesNotContain(Path.GetDirectoryName(secret)!, provider.WatchedDirectories);

        loader.Extras = [secret];
        File.WriteAllText(config, "sonnet");
        await WaitUntil(() => RouteOf(provider.Current) == "sonnet+k1", "the new file set is loaded");
        Assert.Contains(Path.GetDirectoryName(secret)!, provider.WatchedDirectories);

        File.WriteAllText(secret, "k2");
        await WaitUntil(() => RouteOf(provider.Current) == "sonnet+k2", "the newly watched file's change is applied");

        loader.Extras = [];
        provider.Reload();
        Assert.DoesNotContain(Path.GetDirectoryName(secret)!, provider.WatchedDirectories);
    }

    [Fact]
    public async Task Dispose_StopsReloads()
    {
        var config = Write("providers.toml", "opus");
        var (provider, loader) = Start(config);
        File.WriteAllText(config, "sonnet");
        await WaitUntil(() => RouteOf(provider.Current) == "sonnet", "the edit is applied");
        var calls = loader.Calls;

        provider.Dispose();
        Assert.Empty(provider.WatchedDirectories);
        File.WriteAllText(config, "haiku");
        await Task.Delay(Debounce * 6);

        Assert.Equal(calls, loader.Calls);
        Assert.Equal("sonnet", RouteOf(provider.Current));
    }

    [Fact]
    public async Task RapidWrites_AreDebouncedIntoFewLoads()
    {
        var config = Write("providers.toml", "opus");
        var (provider, loader) = Start(config);

        var writing = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
        {
            File.WriteAllText(config, "r" + i);
        }

        writing.Stop();
        await WaitUntil(() => RouteOf(provider.Current) == "r49", "the last write is applied");

        // 50 writes (100+ events): one load once they stop, plus at most one per 4-period cap while they go on
        // (usually none: the writes take a few milliseconds, but a loaded machine may stretch them).
        var bound = 2 + (int)(writing.Elapsed / (Debounce * 4));
        Assert.InRange(loader.Calls - 1, 1, Math.Min(bound, 10));
    }

    private string Write(string relative, string text)
    {
        var path = _dir.File(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private (FlowGateConfigProvider Provider, TextFileLoader Loader) Start(string config, params string[] extras)
    {
        var loader = new TextFileLoader(config) { Extras = extras };
        var provider = new FlowGateConfigProvider(loader.Load, config, TimeProvider.System, logger: null, Debounce);
        _providers.Add(provider);
        return (provider, loader);
    }
}
