using System.Text;
using FlowGate.Config;
using FlowGate.Config.Secrets;
using FlowGate.MockUpstream;
using FlowGate.Reliability.Tests.Harness;
using FlowGate.Routing;
using FlowGate.Routing.AspNetCore;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using FlowGate.Routing.Features;
using FlowGate.Routing.Selection;
using FlowGate.Routing.Sessions;

namespace FlowGate.Reliability.Tests.Secrets;

/// <summary>
/// No secret leaks, with secrets as operators write them: a key from the environment (<c>os.environ/VAR</c>), a key from a
/// credential file, a gateway key, and an OAuth token file. None of them shows — raw, base64 or URL-encoded — in the
/// loader's diagnostics or renderings, the core's decisions, Debug logs, error bodies, /metrics or /health.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConfigCanaryTests : IDisposable
{
    private const string EnvCanary = "sk-env-canary-5b1f0c77d2";
    private const string FileCanary = "sk-file-canary-a93e6610bd";
    private const string GatewayCanary = "fg-gateway-canary-c07d42e1aa";
    private const string TokenCanary = "oauth-token-canary-e8813f0c55";

    private readonly string _dir = Directory.CreateTempSubdirectory("flowgate-canary-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task OperatorSecrets_AppearNowhere()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { RequestLogCapacity = 0, FaultsByModel = new Dictionary<string, string> { ["e401"] = "status:401", ["cut"] = "cut-after:2" } });
        File.WriteAllText(Path.Combine(_dir, "key"), FileCanary + "\n");
        File.SetUnixFileMode(Path.Combine(_dir, "key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        File.WriteAllText(Path.Combine(_dir, "codex.json"), $"{{\"access_token\":\"{TokenCanary}\"}}");
        var path = Path.Combine(_dir, "flowgate.yaml");
        File.WriteAllText(path, """
            credentials: {upstream: {filed: {file: key}}}
            litellm_base:
              model_list:
                - {model_name: env-route, litellm_params: {model: openai/mock-large, api_base: "MOCK/v1", api_key: os.environ/CANARY_UPSTREAM_KEY}}
                - {model_name: file-route, litellm_params: {model: anthropic/mock-large, api_base: "MOCK/", api_key_ref: filed}}
                - {model_name: auth-fail, litellm_params: {model: openai/e401, api_base: "MOCK/v1", api_key: os.environ/CANARY_UPSTREAM_KEY}}
                - {model_name: cut, litellm_params: {model: anthropic/cut, api_base: "MOCK/", api_key_ref: filed}}
            gateway: {api_keys: [os.environ/CANARY_GATEWAY_KEY]}
            secret_files: [codex.json]
            """.Replace("MOCK/", mock.BaseUrl.ToString(), StringComparison.Ordinal));
        var environment = new ConfigEnvironment(name => name switch { "CANARY_UPSTREAM_KEY" => EnvCanary, "CANARY_GATEWAY_KEY" => GatewayCanary, _ => null });
        var loaded = ConfigLoader.Load(path, new ConfigLoadOptions { Environment = environment });
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        var config = loaded.Config;

        var seen = new StringBuilder();
        seen.AppendLine(string.Join("\n", loaded.Diagnostics)).AppendLine(config.ToString());
        var table = RouteTable.Create(config.Routing);
        var snapshot = new RoutingSnapshot(TargetHealth.AllHealthy, StickyTable.Empty(config.Routing.Sticky), DateTimeOffset.UnixEpoch);
        foreach (var route in (string[])["env-route", "file-route"])
        {
            seen.AppendLine(new Router(table).Decide(route, RequestFeatures.Empty, snapshot, 0.5).ToString());
        }

        await using var gateway = await TestGateway.StartAsync(new GatewayConfig { Routing = config.Routing, ApiKeys = config.Gateway.ApiKeys });
        gateway.Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", GatewayCanary);
        foreach (var model in (string[])["env-route", "file-route", "auth-fail", "cut", "no-such-model"])
        {
            foreach (var client in Enum.GetValues<Client>())
            {
                foreach (var stream in (bool[])[true, false])
                {
                    var outcome = await Outcome.ReadAsync(gateway.Client, Outcome.Request(client, model, stream, Guid.NewGuid().ToString()), client, stream);
                    seen.AppendLine(outcome.Body);
                }
            }
        }

        using (var wrongKey = new HttpClient { BaseAddress = gateway.BaseUrl })
        {
            using var denied = await wrongKey.SendAsync(Requests.Chat("env-route"));
            seen.AppendLine(await denied.Content.ReadAsStringAsync());
        }

        foreach (var endpoint in (string[])["/metrics", "/health", "/v1/models"])
        {
            using var response = await gateway.Client.GetAsync(new Uri(endpoint, UriKind.Relative));
            seen.AppendLine(await response.Content.ReadAsStringAsync());
        }

        var everything = seen + string.Join("\n", gateway.Logs.Lines);
        foreach (var canary in (string[])[EnvCanary, FileCanary, GatewayCanary, TokenCanary])
        {
            foreach (var form in CanaryTests.Forms(canary))
            {
                Assert.DoesNotContain(form, everything, StringComparison.OrdinalIgnoreCase);
            }
        }

        // The canaries were live: the loader warned about the loose key file (by name), and upstreams were called.
        Assert.Contains(loaded.Diagnostics, d => d.Message.Contains("readable by group or others", StringComparison.Ordinal));
        Assert.True(mock.Counters.Total > 0);
    }
}
