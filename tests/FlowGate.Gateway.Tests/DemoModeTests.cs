using System.Net;
using System.Text;
using FlowGate.Gateway.Tests.Support;

namespace FlowGate.Gateway.Tests;

/// <summary>The gateway with no <c>--config</c>: the demo on an in-process mock upstream, as its own process.</summary>
public sealed class DemoModeTests
{
    [Fact]
    public async Task Demo_WithUrls_ListensThereAndPrintsWhatToTry()
    {
        var port = GatewayProcess.FreePort();
        await using var gateway = GatewayProcess.Start("--urls", $"http://127.0.0.1:{port}");
        var address = await gateway.WaitForListeningAsync();

        Assert.Equal(port, address.Port);
        var baseUrl = $"http://127.0.0.1:{port}";
        foreach (var line in TryIt.CurlLines(baseUrl).Concat(TryIt.ClaudeCodeLines(baseUrl)).Concat(TryIt.CodexLines(baseUrl)).Where(l => l.Length > 0))
        {
            await gateway.WaitForOutputAsync(line);
        }
    }

    [Fact]
    public async Task Sigterm_ShutsDownGracefully_ExitZero()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var gateway = GatewayProcess.Start("--urls", $"http://127.0.0.1:{GatewayProcess.FreePort()}");
        await gateway.WaitForListeningAsync();

        await gateway.TerminateAsync();

        Assert.Equal(0, await gateway.WaitForExitAsync());
        await gateway.WaitForOutputAsync("Application is shutting down");
    }

    [Fact]
    public async Task Demo_ServesEdgeEndpoints_AndInference()
    {
        var port = GatewayProcess.FreePort();
        await using var gateway = GatewayProcess.Start("--urls", $"http://127.0.0.1:{port}");
        var address = await gateway.WaitForListeningAsync();
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };

        var readiness = await Poll.UntilAsync(
            () => http.GetAsync(new Uri("/health/readiness", UriKind.Relative)),
            r => r.StatusCode is HttpStatusCode.OK,
            GatewayProcess.StartTimeout,
            "readiness");
        Assert.Equal(HttpStatusCode.OK, readiness.StatusCode);

        using var live = await http.GetAsync(new Uri("/health/liveliness", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);

        using var models = await http.GetAsync(new Uri("/v1/models", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        var list = await models.Content.ReadAsStringAsync();
        Assert.Contains("\"router-default\"", list, StringComparison.Ordinal);
        Assert.Contains("\"router-fast\"", list, StringComparison.Ordinal);

        await AssertAnsweredAsync(
            http,
            "/v1/messages",
            """{"model":"router-default","max_tokens":64,"messages":[{"role":"user","content":"hello"}]}""",
            anthropic: true);
        await AssertAnsweredAsync(http, "/v1/chat/completions", """{"model":"gpt-5","messages":[{"role":"user","content":"hello"}]}""", anthropic: false);
        await AssertAnsweredAsync(http, "/v1/responses", """{"model":"router-default.auto","input":"hello"}""", anthropic: false);
    }

    private static async Task AssertAnsweredAsync(HttpClient http, string path, string body, bool anthropic)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (anthropic)
        {
            request.Headers.Add("anthropic-version", "2023-06-01");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        Assert.Contains("mock: hello", text, StringComparison.Ordinal);
    }
}
