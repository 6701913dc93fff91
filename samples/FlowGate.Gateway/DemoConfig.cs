using FlowGate.Routing;
using FlowGate.Routing.Upgrades;

namespace FlowGate.Gateway;

/// <summary>
/// The embedded demo a new user starts with (no <c>--config</c>): one in-process mock upstream reached three ways — as
/// an instance (forwarded on the client's own path, untranslated), as a direct OpenAI upstream and as a direct
/// Anthropic upstream (so requests are translated when the client speaks the other protocol) — behind a weighted
/// default route with a fallback, a fast route, an auto-upgrade name and aliases that catch every Claude Code and
/// Codex model name.
/// </summary>
internal static class DemoConfig
{
    public const string DefaultRoute = "router-default";
    public const string FastRoute = "router-fast";
    public const string AutoRoute = "router-default.auto";

    /// <summary>Builds the demo's routing configuration around a mock upstream.</summary>
    /// <param name="mock">The mock's base URL (<c>http://127.0.0.1:PORT/</c>).</param>
    /// <returns>The routing configuration.</returns>
    public static RoutingConfig Create(Uri mock)
    {
        ArgumentNullException.ThrowIfNull(mock);
        var root = mock.GetLeftPart(UriPartial.Authority);
        // The demo mock checks what the real APIs check, a key included; this one opens nothing else.
        var key = new Secret("demo-mock-key", "demo");
        return new RoutingConfig
        {
            Upstreams =
            [
                new UpstreamConfig { Name = "mock-instance", Protocol = UpstreamProtocol.Instance, BaseUrl = new Uri(root), ApiKey = key },
                new UpstreamConfig { Name = "mock-openai", Protocol = UpstreamProtocol.OpenAI, BaseUrl = new Uri(root + "/v1"), ApiKey = key },
                new UpstreamConfig { Name = "mock-anthropic", Protocol = UpstreamProtocol.Anthropic, BaseUrl = new Uri(root), ApiKey = key },
            ],
            Routes =
            [
                new RouteConfig
                {
                    Name = DefaultRoute,
                    Targets =
                    [
                        new TargetConfig { Upstream = "mock-instance", Model = "mock-large", Weight = 3 },
                        new TargetConfig { Upstream = "mock-anthropic", Model = "claude-mock-sonnet", Weight = 1 },
                    ],
                    Fallbacks = [FastRoute],
                },
                new RouteConfig
                {
                    Name = FastRoute,
                    Targets = [new TargetConfig { Upstream = "mock-openai", Model = "mock-small", Params = new TargetParams { MaxTokensMax = 8192 } }],
                },
            ],

            // agent-cli's auto-upgrade: served like router-fast unless the request looks hard (80 messages, 10 tools,
            // a failure streak of 2, a signed thinking block), then by router-default.
            UpgradeRules = [SeedAutoUpgrade.FromSeed(AutoRoute, baseRoute: FastRoute, to: DefaultRoute)],
            Aliases =
            [
                new AliasConfig { Name = "claude-haiku-*", Target = FastRoute },
                new AliasConfig { Name = "claude-*", Target = DefaultRoute },
                new AliasConfig { Name = "gpt-*-mini", Target = FastRoute },
                new AliasConfig { Name = "gpt-*", Target = DefaultRoute },
            ],
        };
    }
}
