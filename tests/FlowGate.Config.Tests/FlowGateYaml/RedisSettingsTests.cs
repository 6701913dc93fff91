namespace FlowGate.Config.Tests.FlowGateYaml;

/// <summary>LiteLLM's <c>router_settings.redis_host</c> / <c>redis_port</c> / <c>redis_password</c>.</summary>
public sealed class RedisSettingsTests : IDisposable
{
    private const string Deployment = """
        litellm_base:
          model_list:
            - model_name: m
              litellm_params:
                model: openai/gpt-4o
                api_base: http://127.0.0.1:8317/v1

        """;

    private readonly ConfigDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void RedisHostPortAndPassword_GiveTheSharedState()
    {
        _dir.Env["REDIS_PASSWORD"] = "redis-canary-77aa";

        var config = _dir.LoadOk(Deployment + "  router_settings:\n    redis_host: 10.0.0.5\n    redis_port: 6380\n    redis_password: os.environ/REDIS_PASSWORD\n");

        Assert.Equal("10.0.0.5:6380", config.State.Redis);
        Assert.Equal("redis-canary-77aa", config.State.RedisPassword!.Reveal());
    }

    [Fact]
    public void RedisPort_DefaultsTo6379()
    {
        var config = _dir.LoadOk(Deployment + "  router_settings:\n    redis_host: redis.internal\n");

        Assert.Equal("redis.internal:6379", config.State.Redis);
        Assert.Null(config.State.RedisPassword);
    }

    [Fact]
    public void ABadPort_IsAnError_AtItsPosition() =>
        Assert.Equal(
            ["flowgate.yaml:9:17: litellm_base.router_settings.redis_port: must be between 1 and 65535, not 0."],
            _dir.Diagnostics(Deployment + "  router_settings:\n    redis_host: h\n    redis_port: 0\n"));

    [Fact]
    public void APortWithoutAHost_IsAnError() =>
        Assert.Equal(
            ["flowgate.yaml:8:17: litellm_base.router_settings.redis_port: has no effect without router_settings.redis_host."],
            _dir.Diagnostics(Deployment + "  router_settings:\n    redis_port: 6379\n"));
}
