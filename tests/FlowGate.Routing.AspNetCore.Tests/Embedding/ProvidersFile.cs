namespace FlowGate.Routing.AspNetCore.Tests.Embedding;

/// <summary><c>providers.toml</c> texts: routes over one OpenAI-protocol instance.</summary>
internal static class ProvidersFile
{
    /// <summary>A file whose routes all go to <paramref name="upstream"/> (for example the mock's <c>/v1</c>).</summary>
    public static string Text(string upstream, string[] routes, string? proxy = null)
    {
        var global = proxy is null ? "[global]\nmain_port = 1\n" : $"[global]\nmain_port = 1\nproxy = \"{proxy}\"\n";
        var port = new Uri(upstream).Port;
        var text = global + $$"""

            [instances.mock]
            port = {{port}}
            api_key = "sk-test-instance"
            providers = [{ type = "openai", base_url = "{{upstream}}" }]

            [routing]

            """;
        return text + string.Concat(routes.Select(r => $"\"{r}\" = [{{ instance = \"mock\", provider = \"openai\", model = \"mock-large\" }}]\n"));
    }

    /// <summary>A file whose route <c>r1</c> goes to a direct OpenAI upstream at <paramref name="baseUrl"/> (any scheme:
    /// an instance is always plain HTTP on 127.0.0.1), through <paramref name="proxy"/>.</summary>
    public static string DirectUpstream(string baseUrl, string proxy) => $$"""
        [global]
        main_port = 1
        proxy = "{{proxy}}"

        [upstreams.direct]
        protocol = "openai"
        base_url = "{{baseUrl}}"
        api_key = "sk-test-direct"

        [routing]
        "r1" = [{ upstream = "direct", model = "mock-large" }]

        """;
}
