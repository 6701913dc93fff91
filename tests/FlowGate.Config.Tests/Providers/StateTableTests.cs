namespace FlowGate.Config.Tests.Providers;

/// <summary><c>[state]</c>: the Redis gateway replicas share their routing state through.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StateTableTests : IDisposable
{
    private readonly TempConfigDirectory _dir = new();

    public StateTableTests()
    {
        _dir.Variables["UPSTREAM_OPENAI_API_KEY"] = "sk-openai";
        _dir.Variables["ANTHROPIC_KEY"] = "sk-ant";
        _dir.Variables["FLOWGATE_KEY"] = "fg-key";
        _dir.Variables["REDIS_PASSWORD"] = "redis-canary-5d1e";
        _dir.Write("secrets/cliproxy_key", "sk-cliproxy\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void StateTable_GivesTheRedisEndpointsAndThePasswordAsASecret()
    {
        var lines = WithState("redis = \"10.0.0.5:6379, 10.0.0.6:6380\"\nredis_password = \"os.environ/REDIS_PASSWORD\"");

        var result = _dir.Load("providers.toml");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal("10.0.0.5:6379, 10.0.0.6:6380", result.Config.State.Redis);
        Assert.Equal("redis-canary-5d1e", result.Config.State.RedisPassword!.Reveal());
        // The secret prints as where it came from, never as its value.
        Assert.DoesNotContain("redis-canary", result.Config.State.RedisPassword.ToString(), StringComparison.Ordinal);
        Assert.True(lines > 0);
    }

    [Fact]
    public void WithoutAStateTable_StateIsInProcess()
    {
        _dir.CopyFixture("equivalent-providers.toml", "providers.toml");

        var result = _dir.Load("providers.toml");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Null(result.Config.State.Redis);
    }

    [Theory]
    [InlineData("\"localhost\"", "'localhost' is not host:port with a port from 1 to 65535.")]
    [InlineData("\"127.0.0.1:70000\"", "'127.0.0.1:70000' is not host:port with a port from 1 to 65535.")]
    [InlineData("\" , \"", "must name at least one Redis endpoint, written host:port (for example \"127.0.0.1:6379\").")]
    [InlineData("\"127.0.0.1:6379,password=hunter2\"", "'password=…' is not an endpoint; write host:port entries only (a password goes in its own key, as a secret).")]
    public void ABadEndpointList_IsAnError_AtItsPosition(string value, string message)
    {
        var line = WithState("redis = " + value);

        Assert.Equal([$"ROOT/providers.toml:{line}:9: state.redis: {message}"], _dir.Diagnostics("providers.toml"));
    }

    [Fact]
    public void AnUnknownStateKey_SaysDidYouMean()
    {
        var line = WithState("rdis = \"127.0.0.1:6379\"");

        Assert.Equal([$"ROOT/providers.toml:{line}:1: state.rdis: unknown key (did you mean 'redis'?)."], _dir.Diagnostics("providers.toml"));
    }

    /// <summary>Appends a <c>[state]</c> table to the fixture and returns the line of its first key.</summary>
    private int WithState(string body)
    {
        _dir.CopyFixture("equivalent-providers.toml", "providers.toml");
        var path = Path.Combine(_dir.Root, "providers.toml");
        var text = File.ReadAllText(path).TrimEnd('\n') + "\n\n[state]\n";
        File.WriteAllText(path, text + body + "\n");
        return text.Count(c => c == '\n') + 1;
    }
}
