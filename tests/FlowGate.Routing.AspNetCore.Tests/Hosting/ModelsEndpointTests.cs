using System.Net;
using System.Text.Json;
using FlowGate.Routing.AspNetCore.Tests.Support;

namespace FlowGate.Routing.AspNetCore.Tests.Hosting;

public sealed class ModelsEndpointTests : IAsyncLifetime
{
    private static readonly string[] Listed = ["router-default", "claude-fast", "sonnet"];

    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(TestConfigs.WithKeys());

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData("/v1/models")]
    [InlineData("/v1/v1/models")]
    public async Task OpenAIShape_ListsVisibleModels(string path)
    {
        using var body = await GetJsonAsync(path);

        Assert.Equal("list", body.RootElement.GetProperty("object").GetString());
        var data = body.RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(Listed.Order(), data.Select(m => m.GetProperty("id").GetString()).Order());
        Assert.All(data, m =>
        {
            Assert.Equal(["id", "object", "created", "owned_by"], m.EnumerateObject().Select(p => p.Name));
            Assert.Equal("model", m.GetProperty("object").GetString());
            Assert.Equal(1_735_689_600, m.GetProperty("created").GetInt64());
            Assert.Equal("flowgate", m.GetProperty("owned_by").GetString());
        });
    }

    [Theory]
    [InlineData("2023-06-01", null)]
    [InlineData(null, "claude-cli/2.1.330 (external, cli)")]
    public async Task AnthropicShape_ForAnthropicVersionOrClaudeCli(string? version, string? userAgent)
    {
        using var body = await GetJsonAsync("/v1/models?limit=1000", version, userAgent);

        var root = body.RootElement;
        Assert.False(root.TryGetProperty("object", out _));
        var data = root.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(Listed.Order(), data.Select(m => m.GetProperty("id").GetString()).Order());
        Assert.All(data, m =>
        {
            Assert.Equal("model", m.GetProperty("type").GetString());
            Assert.Equal(m.GetProperty("id").GetString(), m.GetProperty("display_name").GetString());
            Assert.Equal("2025-01-01T00:00:00Z", m.GetProperty("created_at").GetString());
        });
        Assert.False(root.GetProperty("has_more").GetBoolean());
        Assert.Equal(data[0].GetProperty("id").GetString(), root.GetProperty("first_id").GetString());
        Assert.Equal(data[^1].GetProperty("id").GetString(), root.GetProperty("last_id").GetString());
    }

    [Fact]
    public async Task Limit_PagesWithAfterIdAndHasMore()
    {
        var seen = new List<string>();
        string? after = null;
        for (var page = 0; page < 5; page++)
        {
            using var body = await GetJsonAsync("/v1/models?limit=2" + (after is null ? string.Empty : "&after_id=" + after), "2023-06-01");
            var ids = body.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
            Assert.InRange(ids.Count, 1, 2);
            seen.AddRange(ids);
            after = body.RootElement.GetProperty("last_id").GetString();
            if (!body.RootElement.GetProperty("has_more").GetBoolean())
            {
                break;
            }
        }

        Assert.Equal(Listed.Order(), seen.Order());
    }

    [Fact]
    public async Task Limit_OpenAIShape_Truncates()
    {
        using var body = await GetJsonAsync("/v1/models?limit=1");

        Assert.Single(body.RootElement.GetProperty("data").EnumerateArray());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("many")]
    public async Task Limit_Invalid_400(string limit)
    {
        using var request = TestGateway.Get("/v1/models?limit=" + limit, TestConfigs.GatewayKey);
        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("limit", body.RootElement.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task CodexManifestRequest_404()
    {
        using var request = TestGateway.Get("/v1/models?client_version=0.169.0", TestConfigs.GatewayKey);
        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Post_405WithAllowGet()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models") { Content = new StringContent("{}") };
        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("/v1/models/claude-fast", "claude-fast")]
    [InlineData("/v1/models/SONNET", "sonnet")]
    [InlineData("/v1/v1/models/router-default", "router-default")]
    public async Task OneModel_OpenAIShape_ForAListedName(string path, string id)
    {
        using var body = await GetJsonAsync(path);

        Assert.Equal(["id", "object", "created", "owned_by"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, body.RootElement.GetProperty("id").GetString());
        Assert.Equal("model", body.RootElement.GetProperty("object").GetString());
    }

    [Fact]
    public async Task OneModel_AnthropicShape_ForAnthropicClients()
    {
        using var body = await GetJsonAsync("/v1/models/router-default", "2023-06-01");

        Assert.Equal("model", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("router-default", body.RootElement.GetProperty("id").GetString());
        Assert.Equal("router-default", body.RootElement.GetProperty("display_name").GetString());
    }

    [Fact]
    public async Task OneModel_Unknown_Is404ModelNotFound_NamingTheClosest()
    {
        using var request = TestGateway.Get("/v1/models/claude-fastt", TestConfigs.GatewayKey);
        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("model_not_found", text, StringComparison.Ordinal);
        Assert.Contains("'claude-fastt'", text, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'claude-fast'?", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneModel_NeedsTheGatewayKey()
    {
        using var request = TestGateway.Get("/v1/models/claude-fast", null);
        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<JsonDocument> GetJsonAsync(string path, string? anthropicVersion = null, string? userAgent = null)
    {
        using var request = TestGateway.Get(path, TestConfigs.GatewayKey, anthropicVersion: anthropicVersion, userAgent: userAgent);
        using var response = await _gateway.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
