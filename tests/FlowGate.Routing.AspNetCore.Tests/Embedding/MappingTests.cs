using System.Net;
using System.Text.Json;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace FlowGate.Routing.AspNetCore.Tests.Embedding;

/// <summary>The app chooses what FlowGate maps, where, and under which of its own policies.</summary>
public sealed class MappingTests
{
    [Fact]
    public async Task MapFlowGate_UnderAPrefix_ServesThereAndLeavesTheRestToTheApp()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions());
        await using var host = await EmbeddedHost.StartAsync(
            "providers.toml",
            ProvidersFile.Text(mock.BaseUrl.ToString().TrimEnd('/') + "/v1", ["r1"]),
            b => b.Services.AddFlowGate(f => f.UseConfigFile("providers.toml")),
            app =>
            {
                app.MapFlowGate("/llm");
                app.MapFlowGateHealth("/llm");
            });

        using var chat = await host.Client.PostAsync(new Uri("/llm/v1/chat/completions", UriKind.Relative), Requests.Chat("r1").Content);
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Contains("\"r1\"", await host.Client.GetStringAsync(new Uri("/llm/v1/models", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("healthy", await host.Client.GetStringAsync(new Uri("/llm/health/liveliness", UriKind.Relative)), StringComparison.Ordinal);

        using var unprefixed = await host.Client.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), Requests.Chat("r1").Content);
        Assert.Equal(HttpStatusCode.NotFound, unprefixed.StatusCode);
        Assert.Equal(EmbeddedHost.OwnHealth, await host.Client.GetStringAsync(new Uri("/health", UriKind.Relative)));
        Assert.Equal(EmbeddedHost.OwnMetrics, await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
    }

    [Fact]
    public async Task NoKeys_RemoteCaller_403_UnlessTheAppRequiresItsOwnAuthorization()
    {
        await using var mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions());
        var file = ProvidersFile.Text(mock.BaseUrl.ToString().TrimEnd('/') + "/v1", ["r1"]);
        static void Remote(WebApplication app) => app.Use((context, next) =>
        {
            // As forwarded-headers middleware does for a proxied client: the caller is not on this machine.
            context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");
            return next(context);
        });

        await using (var open = await EmbeddedHost.StartAsync("providers.toml", file, b => b.Services.AddFlowGate(f => f.UseConfigFile("providers.toml")), app =>
        {
            Remote(app);
            app.MapFlowGate();
        }))
        {
            using var refused = await open.Client.SendAsync(Requests.Chat("r1"));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal("permission_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
        }

        await using var guarded = await EmbeddedHost.StartAsync(
            "providers.toml",
            file,
            b =>
            {
                b.Services.AddAuthentication(HeaderAuthenticationHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.SchemeName, null);
                b.Services.AddAuthorization();
                b.Services.AddFlowGate(f => f.UseConfigFile("providers.toml"));
            },
            app =>
            {
                Remote(app);
                app.UseAuthentication();
                app.UseAuthorization();
                app.MapFlowGate().RequireAuthorization();
            });

        using var anonymous = await guarded.Client.SendAsync(Requests.Chat("r1"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var request = Requests.Chat("r1");
        request.Headers.Add("x-app-user", "alice");
        using var signedIn = await guarded.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }
}
