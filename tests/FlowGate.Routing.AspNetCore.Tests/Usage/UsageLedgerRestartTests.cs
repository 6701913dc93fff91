using System.Net;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using FlowGate.Routing.AspNetCore.Usage;
using FlowGate.Routing.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Usage;

/// <summary>A gateway with a ledger file records usage there; a new gateway on the same file still has it.</summary>
public sealed class UsageLedgerRestartTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "flowgate-restart-" + Guid.NewGuid().ToString("N"));
    private MockUpstreamServer _mock = null!;

    public async Task InitializeAsync() => _mock = await MockUpstreamServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _mock.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task UsageRecorded_BeforeARestart_IsStillInTheLedgerAfterIt()
    {
        var file = Path.Combine(_directory, "usage.db");
        var config = Gateway([Anthropic("up-anthropic", _mock)], Route("sonnet", Target("up-anthropic", "claude-mock-sonnet")));
        void UseFile(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton<IUsageLedger>(_ => new SqliteUsageLedger(file)));

        await using (var first = await TestGateway.StartAsync(config, UseFile))
        {
            foreach (var stream in (bool[])[false, true])
            {
                using var request = Requests.Messages("sonnet", "remember me", stream);
                request.Headers.Add(MockHeaders.Usage, "20,9,4,2,0");
                using var response = await first.Client.SendAsync(request);
                _ = await response.Content.ReadAsStringAsync();
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            _ = await UsageWait.RequestsAsync(first, 2);
        }

        await using var second = await TestGateway.StartAsync(config, UseFile);
        var row = Assert.Single(await UsageWait.RowsAsync(second, _ => true));
        Assert.Equal(("sonnet", "up-anthropic", "claude-mock-sonnet", 2L, new TokenUsage(40, 18, 8, 4, 0)), (row.Route, row.Upstream, row.Model, row.Requests, row.Tokens));
    }
}
