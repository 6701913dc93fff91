using System.Net;
using System.Text.Json;
using FlowGate.Routing.AspNetCore.Tests.Support;

namespace FlowGate.Routing.AspNetCore.Tests.Hosting;

public sealed class EdgeEndpointsTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(TestConfigs.WithKeys());

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task HeadRoot_200WithoutKeyOrBody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "/");
        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task GetRoot_SaysFlowGateAndWhereTheDocsAre()
    {
        using var response = await _gateway.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("FlowGate", body.RootElement.GetProperty("name").GetString());
        Assert.StartsWith("https://", body.RootElement.GetProperty("docs").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/health/liveliness")]
    [InlineData("/health/live")]
    public async Task Liveliness_HealthyWithoutKey(string path)
    {
        using var response = await _gateway.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"healthy"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_ReadyWithoutKey()
    {
        using var response = await _gateway.Client.GetAsync("/health/readiness");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_WithoutKey_401()
    {
        using var response = await _gateway.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/v1/nothing-here", null)]
    [InlineData("/v1/v1/files/abc", null)]
    [InlineData("/v1/complete", "2023-06-01")]
    public async Task UnknownV1Path_404InCallersShape(string path, string? anthropicVersion)
    {
        using var request = TestGateway.Get(path, anthropicVersion: anthropicVersion);
        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("not_found_error", error.GetProperty("type").GetString());
        Assert.Equal(anthropicVersion is null, error.TryGetProperty("code", out _));
        Assert.Contains(path, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InferencePathsStillReachTheProxy()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages?beta=true") { Content = new StringContent("{}") };
        using var response = await _gateway.Client.SendAsync(request);

        Assert.NotEqual(HttpStatusCode.NotFound, response.StatusCode);
    }
}
