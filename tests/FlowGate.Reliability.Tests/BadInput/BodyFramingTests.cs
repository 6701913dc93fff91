using System.Text;
using FlowGate.MockUpstream;
using FlowGate.Reliability.Tests.Harness;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Reliability.Tests.BadInput;

/// <summary>
/// Bodies only a raw socket sends: shorter than their <c>Content-Length</c> (then the client half-closes), and dripped
/// slower than the server's minimum data rate (240 B/s after a 5 s grace period). Each gets its status (400, 408) in
/// the client's protocol, never a 500, and reaches no upstream. No timing is asserted: the drip sends a byte a second
/// until the answer comes, and every wait is bounded at a minute.
/// </summary>
public sealed class BodyFramingTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private MockUpstreamServer _mock = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions());
        _gateway = await TestGateway.StartAsync(Configs.Gateway([Instance("a", _mock)], Route("m", Target("a", "mock-large"))));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mock.DisposeAsync();
    }

    [Theory]
    [InlineData(Client.Anthropic)]
    [InlineData(Client.Chat)]
    public async Task ABodyShorterThanItsContentLength_ThenHalfClosed_Gets400InTheClientsProtocol(Client client)
    {
        using var timeout = new CancellationTokenSource(Bound);
        using var raw = await RawHttpClient.ConnectAsync(_gateway.BaseUrl);
        var body = Encoding.UTF8.GetBytes("{\"model\":\"m\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        await raw.SendHeadAsync(PathOf(client), body.Length + 1000, HeadersOf(client));
        await raw.SendAsync(body);
        raw.HalfClose();

        var (status, _, answer) = await raw.ReadAnswerAsync(timeout.Token);

        Assert.True(status == 400, $"{status}: {answer}");
        Assert.True(Outcome.IsProtocolError(answer, client), answer);
        Assert.Contains("Content-Length", answer, StringComparison.Ordinal);
        Assert.Empty(_mock.Requests);
    }

    [Theory]
    [InlineData(Client.Anthropic)]
    [InlineData(Client.Responses)]
    public async Task ABodyDrippedBelowTheMinimumDataRate_Gets408InTheClientsProtocol(Client client)
    {
        using var timeout = new CancellationTokenSource(Bound);
        using var raw = await RawHttpClient.ConnectAsync(_gateway.BaseUrl);
        await raw.SendHeadAsync(PathOf(client), 100_000, HeadersOf(client));
        var answer = raw.ReadAnswerAsync(timeout.Token);
        var drip = Encoding.ASCII.GetBytes("{\"model\":\"m\",\"messages\":[");
        for (var i = 0; !answer.IsCompleted && !timeout.IsCancellationRequested; i++)
        {
            try
            {
                await raw.SendAsync([drip[i % drip.Length]]);
            }
            catch (IOException)
            {
                // The server may close its side as it answers.
                break;
            }

            await Task.WhenAny(answer, Task.Delay(TimeSpan.FromSeconds(1), timeout.Token).ContinueWith(_ => { }, TaskScheduler.Default));
        }

        var (status, _, body) = await answer;

        Assert.True(status == 408, $"{status}: {body}");
        Assert.True(Outcome.IsProtocolError(body, client), body);
        Assert.Empty(_mock.Requests);
    }

    private static string PathOf(Client client) => client switch
    {
        Client.Anthropic => "/v1/messages",
        Client.Chat => "/v1/chat/completions",
        _ => "/v1/responses",
    };

    private static string[] HeadersOf(Client client) => client == Client.Anthropic ? ["anthropic-version: 2023-06-01"] : [];
}
