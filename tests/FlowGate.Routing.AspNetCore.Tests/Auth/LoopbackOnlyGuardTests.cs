using System.Net;
using FlowGate.Routing.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlowGate.Routing.AspNetCore.Tests.Auth;

public sealed class LoopbackOnlyGuardTests
{
    [Fact]
    public async Task NoKeys_AnyAddress_GatewayOption_RefusesToStart()
    {
        var (app, logs) = TestGateway.Build(TestConfigs.NoKeys(), "http://0.0.0.0:0", options: o => o.RefuseToStartOffLoopbackWithoutKeys = true);
        await using (app)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

            Assert.Contains("without a gateway key", error.Message, StringComparison.Ordinal);
            Assert.Contains("0.0.0.0", error.Message, StringComparison.Ordinal);
            var critical = Assert.Single(logs.Entries, e => e.Level == LogLevel.Critical);
            Assert.Contains("not loopback", critical.Message, StringComparison.Ordinal);
            Assert.True(app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        }
    }

    [Fact]
    public async Task NoKeys_AnyAddress_EmbeddingDefault_StartsAndWarnsThatRemoteCallersGet403()
    {
        var (app, logs) = TestGateway.Build(TestConfigs.NoKeys(), "http://0.0.0.0:0");
        await using (app)
        {
            await app.StartAsync();

            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{address.Port}") };
            using var response = await client.GetAsync("/health/liveliness");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(logs.Entries, e => e.Level == LogLevel.Critical);
            var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("No gateway key", StringComparison.Ordinal));
            Assert.Contains("403", warning.Message, StringComparison.Ordinal);
            Assert.Contains("RequireAuthorization", warning.Message, StringComparison.Ordinal);
            Assert.False(app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        }
    }

    [Fact]
    public async Task WithKeys_AnyAddress_Starts()
    {
        var (app, logs) = TestGateway.Build(TestConfigs.WithKeys(), "http://0.0.0.0:0");
        await using (app)
        {
            await app.StartAsync();

            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{address.Port}") };
            using var response = await client.GetAsync("/health/liveliness");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(logs.Entries, e => e.Level == LogLevel.Critical);
        }
    }

    [Fact]
    public async Task NoKeys_Loopback_Starts()
    {
        await using var gateway = await TestGateway.StartAsync(TestConfigs.NoKeys());
        using var response = await gateway.Client.GetAsync("/health/liveliness");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.Level == LogLevel.Critical);
    }
}
