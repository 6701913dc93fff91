using System.Net;
using System.Text.Json;
using FlowGate.MockUpstream;
using FlowGate.Routing;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Reliability.Tests.BadInput;

/// <summary>
/// What a hostile client can send with curl: model names that are huge or carry control characters. Each gets a
/// bounded answer in the client's protocol, and no name reaches a log line raw or unbounded.
/// </summary>
public sealed class HostileClientTests : IAsyncLifetime
{
    private MockUpstreamServer _mock = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { RequestLogCapacity = 0 });
        var config = Configs.Gateway([Instance("a", _mock)], Route("m", Target("a", "mock-large")), Route("rr", Target("a", "mock-large"), Target("a", "mock-small")) with { Policy = SelectionPolicy.RoundRobin });
        _gateway = await TestGateway.StartAsync(config with
        {
            Routing = config.Routing with { Aliases = [new AliasConfig { Name = "wild-*", Target = "m" }] },
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mock.DisposeAsync();
    }

    [Theory]
    [InlineData(257)]
    [InlineData(1_000_000)]
    public async Task AModelLongerThan256Characters_Gets400_InTheClientsProtocol(int length)
    {
        using var response = await _gateway.Client.SendAsync(Requests.Chat(new string('q', length)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("invalid_request_error", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.True(body.Length < 1_000);
        Assert.Equal(0, _mock.Counters.Total);
    }

    [Fact]
    public async Task AModelOf256Characters_IsStillLookedUp()
    {
        using var response = await _gateway.Client.SendAsync(Requests.Chat(new string('q', 256)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ModelNamesWithControlCharacters_ReachLogLinesEscaped_AndBounded()
    {
        var forged = "wild-x\r\nInformation FlowGate: forged line\u001b[31m" + new string('z', 180);
        using var ok = await _gateway.Client.SendAsync(Requests.Chat(forged));
        using var unknown = await _gateway.Client.SendAsync(Requests.Chat("nope\r\nforged\u001b[2J"));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var lines = _gateway.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("wild-x\\r\\nInformation FlowGate: forged line\\u001b[31m", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.True(l.IndexOfAny(['\r', '\n', '\u001b']) < 0, "a raw control character in: " + l));
        Assert.All(lines, l => Assert.True(l.Length < 2_000, "an unbounded line: " + l[..Math.Min(200, l.Length)]));
    }
}
