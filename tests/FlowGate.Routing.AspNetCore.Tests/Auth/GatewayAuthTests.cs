using System.Net;
using System.Text.Json;
using FlowGate.Routing.AspNetCore.Auth;
using FlowGate.Routing.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FlowGate.Routing.AspNetCore.Tests.Auth;

public sealed class GatewayAuthTests
{
    [Fact]
    public async Task Models_WithKeys_NoKey_401InOpenAIShape()
    {
        await using var gateway = await TestGateway.StartAsync(TestConfigs.WithKeys());
        using var response = await gateway.Client.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("authentication_error", error.GetProperty("type").GetString());
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Models_WithKeys_NoKey_401InAnthropicShapeForAnthropicClients()
    {
        await using var gateway = await TestGateway.StartAsync(TestConfigs.WithKeys());
        using var request = TestGateway.Get("/v1/models?limit=1000", anthropicVersion: "2023-06-01");
        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("authentication_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(TestConfigs.GatewayKey, null)]
    [InlineData(TestConfigs.SecondGatewayKey, null)]
    [InlineData(null, TestConfigs.GatewayKey)]
    [InlineData(null, TestConfigs.SecondGatewayKey)]
    [InlineData("wrong", TestConfigs.GatewayKey)]
    [InlineData(TestConfigs.GatewayKey, "wrong")]
    public async Task Models_WithKeys_BearerOrXApiKey_Accepted(string? bearer, string? apiKey)
    {
        await using var gateway = await TestGateway.StartAsync(TestConfigs.WithKeys());
        using var request = TestGateway.Get("/v1/models", bearer, apiKey);
        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("wrong", null)]
    [InlineData(null, "wrong")]
    [InlineData(TestConfigs.GatewayKey + "x", null)]
    [InlineData(null, "gw-test-key-012345678")]
    [InlineData("", "")]
    public async Task Models_WithKeys_WrongKey_401(string? bearer, string? apiKey)
    {
        await using var gateway = await TestGateway.StartAsync(TestConfigs.WithKeys());
        using var request = TestGateway.Get("/v1/models", bearer, apiKey);
        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(TestConfigs.GatewayKey, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_WithKeys_SchemeCaseInsensitive_OtherSchemesIgnored()
    {
        await using var gateway = await TestGateway.StartAsync(TestConfigs.WithKeys(), MapCheck);

        Assert.Equal("allowed", await CheckAsync(gateway, ("Authorization", "bearer " + TestConfigs.GatewayKey)));
        Assert.Equal("allowed", await CheckAsync(gateway, ("Authorization", "Bearer   " + TestConfigs.GatewayKey + " ")));
        Assert.Equal("Authentication", await CheckAsync(gateway, ("Authorization", "Basic " + TestConfigs.GatewayKey)));
        Assert.Equal("Authentication", await CheckAsync(gateway, ("Authorization", TestConfigs.GatewayKey)));
        Assert.Equal("Authentication", await CheckAsync(gateway, ("api-key", TestConfigs.GatewayKey)));
        Assert.Equal("Authentication", await CheckAsync(gateway));
    }

    [Fact]
    public async Task Check_NoKeys_LoopbackClient_Allowed()
    {
        await using var gateway = await TestGateway.StartAsync(TestConfigs.NoKeys(), MapCheck);

        Assert.Equal("allowed", await CheckAsync(gateway));
        using var response = await gateway.Client.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("192.0.2.10", "Permission")]
    [InlineData("10.0.0.1", "Permission")]
    [InlineData("2001:db8::1", "Permission")]
    [InlineData("::ffff:192.0.2.10", "Permission")]
    [InlineData("127.0.0.1", "allowed")]
    [InlineData("127.8.9.10", "allowed")]
    [InlineData("::1", "allowed")]
    [InlineData("::ffff:127.0.0.1", "allowed")]
    public async Task Check_NoKeys_ByRemoteAddress(string remote, string expected)
    {
        // A real request whose remote address is replaced, as forwarded-headers middleware does for a proxied client.
        await using var gateway = await TestGateway.StartAsync(TestConfigs.NoKeys(), MapCheck);

        Assert.Equal(expected, await CheckAsync(gateway, ("x-test-remote", remote)));
    }

    [Fact]
    public async Task Models_NoKeys_RemoteClient_403()
    {
        await using var gateway = await TestGateway.StartAsync(TestConfigs.NoKeys(), endpoints =>
            ((IApplicationBuilder)endpoints).Use((context, next) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");
                return next(context);
            }));
        using var response = await gateway.Client.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("permission_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    private static void MapCheck(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/test/check", (HttpContext context) =>
        {
            if (context.Request.Headers.TryGetValue("x-test-remote", out var remote))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(remote!);
            }

            var runtime = context.RequestServices.GetRequiredService<GatewayRuntimeHolder>();
            return GatewayAuth.Check(context, runtime.Current.Config)?.ToString() ?? "allowed";
        });

    private static async Task<string> CheckAsync(TestGateway gateway, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/test/check");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await gateway.Client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }
}
