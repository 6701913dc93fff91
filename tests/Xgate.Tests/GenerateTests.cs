namespace FlowGate.Xgate.Tests;

public sealed class GenerateTests
{
    [Fact]
    public void Generate_TheSeedsExample_GoldenYaml_0600()
    {
        using var h = new XgateHarness();
        h.UseExampleToml("sk-relay-GOLDEN");
        var result = h.Run("--config", "providers.toml", "generate");

        Assert.Equal(0, result.ExitCode);
        var dir = Path.Combine(h.Root, "instances");
        Assert.Equal(XgateHarness.Golden("generate-official.yaml"), h.Clean(File.ReadAllText(Path.Combine(dir, "official.yaml"))));
        Assert.Equal(XgateHarness.Golden("generate-relay.yaml"), h.Clean(File.ReadAllText(Path.Combine(dir, "relay.yaml"))));
        foreach (var file in Directory.GetFiles(dir))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.Equal(["official.yaml", "relay.yaml"], Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(
            """
            wrote <ROOT>/instances/official.yaml (port 8146; no key sections (OAuth only); 0 models)
            wrote <ROOT>/instances/relay.yaml (port 8147; claude-api-key, openai-compatibility, vertex-api-key; 3 models)

            """,
            h.Clean(result.Out));
        Assert.DoesNotContain("sk-relay-GOLDEN", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_OutOption_InstanceOverrides_AndLooseModesAreTightened()
    {
        using var h = new XgateHarness();
        h.Env["K"] = "sk-k";
        h.Write("providers.toml", """
            [global]
            host = "127.0.0.1"
            proxy = "http://127.0.0.1:7890"
            request_retry = 2
            routing_strategy = "fill-first"
            streaming_keepalive_seconds = 15
            quota_switch_project = true
            request_log = false
            logs_max_total_size_mb = 100

            [global.streaming]
            bootstrap_retries = 1

            [instances.a]
            port = 9001
            max_retry_interval = 5
            disable_cooling = true
            nonstream_keepalive_interval = 10
            providers = [{ type = "minimax", base_url = "https://mm/anthropic", api_keys = ["${K}", "sk-two"] }]

            [instances.a.quota_exceeded]
            switch_preview_model = false

            [routing]
            "m1" = [{ instance = "a", provider = "minimax", model = "MiniMax-M2" }]
            "m2" = [{ instance = "a", provider = "minimax", model = "MiniMax-M2" }, { instance = "a", model = "no-provider" }]
            """);
        h.Write("out/a.yaml", "old", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var result = h.Run("--config", "providers.toml", "generate", "--out", "out");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            host: 127.0.0.1
            port: 9001
            proxy-url: http://127.0.0.1:7890
            auth-dir: <ROOT>
            request-retry: 2
            max-retry-interval: 5
            routing:
              strategy: fill-first
            disable-cooling: true
            nonstream-keepalive-interval: 10
            streaming:
              keepalive-seconds: 15
              bootstrap-retries: 1
            quota-exceeded:
              switch-project: true
              switch-preview-model: false
            request-log: false
            logs-max-total-size-mb: 100
            claude-api-key:
            - api-key: sk-k
              base-url: https://mm/anthropic
              models:
              - name: MiniMax-M2
                alias: MiniMax-M2
            - api-key: sk-two
              base-url: https://mm/anthropic
              models:
              - name: MiniMax-M2
                alias: MiniMax-M2

            """,
            h.Clean(File.ReadAllText(Path.Combine(h.Root, "out", "a.yaml"))));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(h.Root, "out", "a.yaml")));
        Assert.Contains("warning: route 'm2' -> 'a' names no provider type", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-two", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_OnFlowgateYaml_Fails()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        var result = h.Run("generate");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("generate reads providers.toml", result.Err, StringComparison.Ordinal);
    }
}
