namespace FlowGate.Config.Tests.FlowGateYaml;

public sealed class FlowGateYamlErrorTests : IDisposable
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

    private List<string> Errors(string text, string? profile = null) => _dir.Diagnostics(text, profile);

    [Fact]
    public void Baseline_Loads() => Assert.Empty(Errors(Deployment));

    [Fact]
    public void UnknownKey_SaysDidYouMean() =>
        Assert.Equal(["flowgate.yaml:7:3: litellm_base.litellm_setings: unknown key (did you mean 'litellm_settings'?)."], Errors(Deployment + "  litellm_setings: {num_retries: 1}\n"));

    [Fact]
    public void UnknownTopLevelKey_SaysDidYouMean() =>
        Assert.Equal(["flowgate.yaml:7:1: integrations: unknown key (did you mean 'integration'?)."], Errors(Deployment + "integrations: {default_model: m}\n"));

    [Fact]
    public void WrongType_NamesBothTypes() =>
        Assert.Equal(["flowgate.yaml:7:35: litellm_base.litellm_settings.num_retries: must be an integer, not a string."], Errors(Deployment + "  litellm_settings: {num_retries: many}\n"));

    [Fact]
    public void UnknownProviderPrefix_SaysDidYouMean() =>
        Assert.Equal(
            ["flowgate.yaml:5:16: litellm_base.model_list[0].litellm_params.model: unknown provider 'opena' (did you mean 'openai'?); FlowGate supports: openai/, anthropic/, openai-responses/."],
            Errors(Deployment.Replace("openai/gpt-4o", "opena/gpt-4o", StringComparison.Ordinal)));

    [Fact]
    public void MissingProviderPrefix_IsAnError() =>
        Assert.Equal(
            ["flowgate.yaml:5:16: litellm_base.model_list[0].litellm_params.model: 'gpt-4o' has no provider prefix; write it as 'openai/gpt-4o' or 'anthropic/gpt-4o'."],
            Errors(Deployment.Replace("openai/gpt-4o", "gpt-4o", StringComparison.Ordinal)));

    [Fact]
    public void MissingApiBase_IsRequired() =>
        Assert.Equal(
            ["flowgate.yaml:5:9: litellm_base.model_list[0].litellm_params.api_base: is required."],
            Errors(Deployment.Replace("        api_base: http://127.0.0.1:8317/v1\n", string.Empty, StringComparison.Ordinal)));

    [Fact]
    public void UnknownCredential_SaysDidYouMean()
    {
        _dir.WriteSeedSecret();
        var text = "credentials: {upstream: {cliproxy_default: {file: ../.router/secrets/upstream_cliproxyapi_api_key}}}\n" + Deployment + "        api_key_ref: cliproxy_defualt\n";

        Assert.Equal(["flowgate.yaml:8:22: litellm_base.model_list[0].litellm_params.api_key_ref: unknown credential 'cliproxy_defualt' (did you mean 'cliproxy_default'?)."], Errors(text));
    }

    [Fact]
    public void MissingEnvironmentVariable_NamesTheVariableNotAValue()
    {
        _dir.Env["OTHER"] = "sk-secret-value";
        var errors = Errors(Deployment + "        api_key: os.environ/NOPE_KEY\n");

        Assert.Equal(["flowgate.yaml:7:18: litellm_base.model_list[0].litellm_params.api_key: environment variable 'NOPE_KEY' is not set or empty."], errors);
        Assert.DoesNotContain(errors, e => e.Contains("sk-", StringComparison.Ordinal));
    }

    [Fact]
    public void EnvCredential_Resolves()
    {
        _dir.Env["CLIPROXY_KEY"] = "sk-env";
        var config = _dir.LoadOk("credentials: {upstream: {c: {env: CLIPROXY_KEY}}}\n" + Deployment + "        api_key_ref: c\n");

        Assert.Equal("env:CLIPROXY_KEY", config.Routing.Upstreams[0].ApiKey!.Source);
    }

    [Fact]
    public void Credential_NeedsExactlyOneOfFileAndEnv() =>
        Assert.Equal(
            ["flowgate.yaml:1:29: credentials.upstream.c: set exactly one of 'file' (a secret file) or 'env' (an environment variable)."],
            Errors("credentials: {upstream: {c: {file: a, env: B}}}\n" + Deployment));

    [Fact]
    public void EmptySecretFile_IsAnError()
    {
        _dir.WriteSeedSecret("  \n");
        var text = "credentials: {upstream: {c: {file: ../.router/secrets/upstream_cliproxyapi_api_key}}}\n" + Deployment + "        api_key_ref: c\n";

        Assert.Equal(["flowgate.yaml:1:36: credential 'c': secret file '../.router/secrets/upstream_cliproxyapi_api_key' is empty."], Errors(text));
    }

    [Fact]
    public void SecretFileReadableByOthers_IsAWarning()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _dir.WriteSeedSecret(mode: UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var text = "credentials: {upstream: {c: {file: ../.router/secrets/upstream_cliproxyapi_api_key}}}\n" + Deployment + "        api_key_ref: c\n";

        var result = _dir.Load(text);

        Assert.True(result.Succeeded);
        Assert.Equal(
            ["flowgate.yaml:1:36: warning: credential 'c': secret file '../.router/secrets/upstream_cliproxyapi_api_key' is readable by group or others; run chmod 600 on it."],
            Errors(text));
    }

    [Fact]
    public void DuplicateYamlKey_NamesBothPositions() =>
        Assert.Equal(["flowgate.yaml:7:3: duplicate key 'model_list' (first defined at flowgate.yaml:2:3)."], Errors(Deployment + "  model_list: []\n"));

    [Fact]
    public void YamlSyntaxError_HasAPosition()
    {
        var error = Assert.Single(Errors(Deployment + "  router_settings: {routing_strategy: [\n"));
        Assert.Matches(@"^flowgate\.yaml:\d+:\d+: [a-z]", error);
    }

    [Fact]
    public void FallbackToUnknownRoute_PointsAtTheFallback() =>
        Assert.Equal(
            ["flowgate.yaml:7:39: litellm_base.litellm_settings.fallbacks[0].m[0]: unknown route 'mm' (did you mean 'm'?)."],
            Errors(Deployment + "  litellm_settings: {fallbacks: [{m: [mm]}]}\n"));

    [Fact]
    public void FallbackFromUnknownRoute_PointsAtTheKey() =>
        Assert.Equal(
            ["flowgate.yaml:7:35: litellm_base.litellm_settings.fallbacks[0].n: unknown route 'n' (did you mean 'm'?)."],
            Errors(Deployment + "  litellm_settings: {fallbacks: [{n: [m]}]}\n"));

    [Fact]
    public void NegativeWeight_CoreErrorMapsToTheWeightLine() =>
        Assert.Equal(
            [
                "flowgate.yaml:3:19: litellm_base.model_list[0].model_name: every target has weight 0, so the route has no enabled target.",
                "flowgate.yaml:7:17: litellm_base.model_list[0].litellm_params.weight: must be 0 (disabled) or more, not -1.",
            ],
            Errors(Deployment + "        weight: -1\n"));

    [Fact]
    public void ZeroRpm_CoreErrorMapsToTheRpmLine() =>
        Assert.Equal(["flowgate.yaml:7:14: litellm_base.model_list[0].litellm_params.rpm: must be greater than 0, not 0."], Errors(Deployment + "        rpm: 0\n"));

    [Fact]
    public void ErrorInActiveProfile_PointsAtTheProfile()
    {
        var text = Deployment + "profiles:\n  p: {litellm_settings: {num_retries: -1}}\n";

        Assert.Empty(Errors(text));
        Assert.Equal(["flowgate.yaml:8:39: profiles.p.litellm_settings.num_retries: must be between 0 and 100, not -1."], Errors(text, profile: "p"));
    }

    [Fact]
    public void UnknownKeyInActiveProfile_NamesTheProfilesKey() =>
        Assert.Equal(
            ["flowgate.yaml:8:7: profiles.p.litellm_setings: unknown key (did you mean 'litellm_settings'?)."],
            Errors(Deployment + "profiles:\n  p: {litellm_setings: {num_retries: 1}}\n", profile: "p"));

    [Fact]
    public void UnknownKeyInInactiveProfile_IsStillAnError() =>
        Assert.Equal(
            ["flowgate.yaml:8:7: profiles.p.litellm_setings: unknown key (did you mean 'litellm_settings'?); a profile overlays litellm_base (model_list, router_settings, litellm_settings, general_settings)."],
            Errors(Deployment + "profiles:\n  p: {litellm_setings: {num_retries: 1}}\n"));

    [Fact]
    public void ConfigVersion1_AsksToMigrate() =>
        Assert.Equal(
            ["flowgate.yaml:1:17: config_version: version 1 is no longer read; migrate the file to config_version 2 (credentials.upstream, litellm_base, profiles) and set config_version: 2."],
            Errors("config_version: 1\n" + Deployment));

    [Fact]
    public void UnsupportedStrategy_IsAWarning()
    {
        var result = _dir.Load(Deployment + "  router_settings: {routing_strategy: latency-based-routing}\n");

        Assert.True(result.Succeeded);
        Assert.Equal("warning: litellm_base.router_settings.routing_strategy: 'latency-based-routing' is not supported; using weighted (simple-shuffle).", Assert.Single(result.Diagnostics).ToString().Split(": ", 2)[1]);
    }

    [Fact]
    public void UnknownStrategy_IsAnError() =>
        Assert.Equal(
            ["flowgate.yaml:7:39: litellm_base.router_settings.routing_strategy: unknown routing strategy 'round-robbin' (did you mean 'round-robin'?); expected one of: simple-shuffle, weighted, least-busy, round-robin, first, usage-based, usage-based-routing, usage-based-routing-v2."],
            Errors(Deployment + "  router_settings: {routing_strategy: round-robbin}\n"));

    [Fact]
    public void IntegrationModel_MustBeARouteOrAlias() =>
        Assert.Equal(
            ["flowgate.yaml:8:48: integration.fast_model: unknown model 'mm' (did you mean 'm'?)."],
            Errors(Deployment + "  router_settings: {model_group_alias: {fast: m}}\nintegration: {default_model: fast, fast_model: mm}\n"));
}
