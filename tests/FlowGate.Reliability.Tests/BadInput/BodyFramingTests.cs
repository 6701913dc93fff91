using System.Text;
using FlowGate.MockUpstream;
using FlowGate.Reliability.Tests.Harness;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Reliability.Tests.BadInput;

/// <summary>
/// Bodies only a raw socket sends: shorter than their <c>Content-Length</c> (then silence, or a half-close), and
/// dripped slower than the server's minimum data rate (240 B/s after a 5 s grace period). Each gets its status (408;
/// 400 when a half-closed connection still takes an answer) in the client's protocol, never a 500, and reaches no
/// upstream. No timing is asserted: the drip sends a byte a second
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
    public async Task ABodyShorterThanItsContentLength_ThenSilence_Gets408InTheClientsProtocol_NotA500(Client client)
    {
        using var timeout = new CancellationTokenSource(Bound);
        using var raw = await RawHttpClient.ConnectAsync(_gateway.BaseUrl);
        var body = Encoding.UTF8.GetBytes("{\"model\":\"m\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        await raw.SendHeadAsync(PathOf(client), body.Length + 1000, HeadersOf(client));
        await raw.SendAsync(body);

        var (status, _, answer) = await raw.ReadAnswerAsync(timeout.Token);

        Assert.True(status == 408, $"{status}: {answer}");
        Assert.True(Outcome.IsProtocolError(answer, client), answer);
        Assert.Empty(_mock.Requests);
    }

    [Theory]
    [InlineData(Client.Anthropic)]
    [InlineData(Client.Chat)]
    public async Task ABodyShorterThanItsContentLength_ThenHalfClosed_IsNeverA500(Client client)
    {
        // The server takes the client's FIN as the end of the connection: the answer is a 400 in the client's
        // protocol when it still gets out, else none; never a 500, never an upstream call.
        using var timeout = new CancellationTokenSource(Bound);
        using var raw = await RawHttpClient.ConnectAsync(_gateway.BaseUrl);
        var body = Encoding.UTF8.GetBytes("{\"model\":\"m\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        await raw.SendHeadAsync(PathOf(client), body.Length + 1000, HeadersOf(client));
        await raw.SendAsync(body);
        raw.HalfClose();

        try
        {
            var (status, _, answer) = await raw.ReadAnswerAsync(timeout.Token);
            Assert.True(status == 400 && Outcome.IsProtocolError(answer, client), $"{status}: {answer}");
        }
        catch (IOException)
        {
            // Closed without an answer.
        }

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
