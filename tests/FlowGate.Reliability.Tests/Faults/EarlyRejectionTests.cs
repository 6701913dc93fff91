using System.Globalization;
using FlowGate.MockUpstream;
using FlowGate.Reliability.Tests.Harness;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Reliability.Tests.Faults;

/// <summary>
/// An upstream that refuses a large request with 413 before reading its body, then closes the connection: the client
/// gets that 413 in its own protocol (pass-through and translated), not a 502, and the refusal is the request's fault,
/// not the target's: it is not retried, and the target still takes the next request.
/// </summary>
public sealed class EarlyRejectionTests : IAsyncLifetime
{
    private const int LargeText = 8 * 1024 * 1024;
    private HostileUpstream _hostile = null!;
    private MockUpstreamServer _mock = null!;
    private TestGateway _gateway = null!;

    public static TheoryData<Client, bool> Columns() => new()
    {
        { Client.Anthropic, false },
        { Client.Chat, false },
        { Client.Responses, false },
        { Client.Chat, true },
        { Client.Responses, true },
    };

    public async Task InitializeAsync()
    {
        _hostile = HostileUpstream.Start();
        _mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { RequestLogCapacity = 0 });
        _gateway = await TestGateway.StartAsync(Configs.Gateway(
            [Hostile.Instance("same", _hostile), Hostile.Anthropic("anthropic", _hostile), Instance("mock", _mock)],
            Route("early-413.same", Target("same", "early-413")),
            Route("early-413.x", Target("anthropic", "early-413")),
            Route("pair.same", Target("same", "early-413"), Target("mock", "mock-large")) with { Policy = Routing.SelectionPolicy.First }));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mock.DisposeAsync();
        await _hostile.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Columns))]
    public async Task AnEarly413_ReachesTheClientAsA413InItsProtocol(Client client, bool translated)
    {
        var route = translated ? "early-413.x" : "early-413.same";
        foreach (var stream in new[] { false, true })
        {
            var id = Guid.NewGuid().ToString("N");
            var outcome = await Outcome.ReadAsync(_gateway.Client, Outcome.Request(client, route, stream, id, new string('x', LargeText)), client, stream);

            Assert.True(outcome.Kind == "error:413", $"stream={stream}: {outcome}");
            Assert.Equal("1", _hostile.Attempts(id).ToString(CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task AnEarly413_IsNotRetriedOnTheRoutesOtherTarget_AndDoesNotEjectTheTarget()
    {
        // Two targets, the refusing one first: a transient failure would move to the mock (and, repeated, eject the
        // first target so that later requests start on the mock); a refused request must do neither.
        for (var i = 0; i < 4; i++)
        {
            var id = Guid.NewGuid().ToString("N");
            var outcome = await Outcome.ReadAsync(_gateway.Client, Outcome.Request(Client.Anthropic, "pair.same", false, id, new string('x', LargeText)), Client.Anthropic, false);

            Assert.True(outcome.Kind == "error:413", outcome.ToString());
            Assert.Equal((1, 0, 1), (_hostile.Attempts(id), _mock.Counters.Attempts(id), outcome.Attempts));
        }

        var logs = string.Join("\n", _gateway.Logs.Lines);
        Assert.DoesNotContain("class=transient", logs, StringComparison.Ordinal);
    }
}
