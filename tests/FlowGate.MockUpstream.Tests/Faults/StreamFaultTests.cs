using System.Diagnostics;
using FlowGate.MockUpstream.Tests.Support;

namespace FlowGate.MockUpstream.Tests.Faults;

public sealed class StreamFaultTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task StallAfter_SendsNEventsThenGoesSilentUntilTheClientGivesUp()
    {
        await using var mock = await MockFixture.StartAsync();
        using var response = await mock.SendAsync(MockFixture.Request(Bodies.MessagesPath, Bodies.Anthropic("x", stream: true), (MockHeaders.Fault, "stall-after:2")));
        using (var reader = new SseReader(await response.Content.ReadAsStreamAsync()))
        {
            Assert.Equal("message_start", (await reader.ReadAsync())?.Name);
            Assert.Equal("content_block_start", (await reader.ReadAsync())?.Name);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.ReadAsync(timeout.Token));
        }

        response.Dispose();
        await mock.Server.WaitForAbortAsync().WaitAsync(Patience);
        Assert.True(mock.Server.LastRequest!.ClientAborted);
    }

    [Fact]
    public async Task CutAfter_EndsCleanlyWithoutTheTerminator()
    {
        await using var mock = await MockFixture.StartAsync();
        var (anthropicResponse, anthropic) = await mock.PostStreamAsync(Bodies.MessagesPath, Bodies.Anthropic("x", stream: true), (MockHeaders.Fault, "cut-after:3"));
        var (_, chat) = await mock.PostStreamAsync(Bodies.ChatPath, Bodies.Chat("x", stream: true), (MockHeaders.Fault, "cut-after:3"));
        var (_, responses) = await mock.PostStreamAsync(Bodies.ResponsesPath, Bodies.ResponsesBody("x", stream: true), (MockHeaders.Fault, "cut-after:3"));

        Assert.Equal(200, (int)anthropicResponse.StatusCode);
        Assert.Equal(3, anthropic.Count);
        Assert.DoesNotContain(anthropic, e => e.Name == "message_stop");
        Assert.Equal(3, chat.Count);
        Assert.DoesNotContain(chat, e => e.IsDone);
        Assert.Equal(3, responses.Count);
        Assert.DoesNotContain(responses, e => e.Type == "response.completed");
        Assert.Equal(0, mock.Server.Counters.ClientAborts);
    }

    [Fact]
    public async Task MalformedAfter_InsertsAnUnparseableEvent()
    {
        await using var mock = await MockFixture.StartAsync();
        var (_, events) = await mock.PostStreamAsync(Bodies.ChatPath, Bodies.Chat("x", stream: true), (MockHeaders.Fault, "malformed-after:2"));

        Assert.True(events[0].TryJson(out _));
        Assert.True(events[1].TryJson(out _));
        Assert.Equal("{not json", events[2].Data);
        Assert.False(events[2].TryJson(out _));
        Assert.True(events[^1].IsDone);
    }

    [Fact]
    public async Task FirstEventError_StartsEachProtocolsStreamWithItsErrorEvent()
    {
        await using var mock = await MockFixture.StartAsync();
        (string, string) fault = (MockHeaders.Fault, "first-event-error");
        var (anthropicResponse, anthropic) = await mock.PostStreamAsync(Bodies.MessagesPath, Bodies.Anthropic("x", stream: true), fault);
        var (_, chat) = await mock.PostStreamAsync(Bodies.ChatPath, Bodies.Chat("x", stream: true), fault);
        var (_, responses) = await mock.PostStreamAsync(Bodies.ResponsesPath, Bodies.ResponsesBody("x", stream: true), fault);

        Assert.Equal(200, (int)anthropicResponse.StatusCode);
        var error = Assert.Single(anthropic);
        Assert.Equal("error", error.Name);
        Assert.Equal("overloaded_error", error.Json().GetProperty("error").GetProperty("type").GetString());
        Assert.True(Assert.Single(chat).Json().TryGetProperty("error", out _));
        var failed = Assert.Single(responses);
        Assert.Equal("response.failed", failed.Type);
        Assert.Equal("failed", failed.Json().GetProperty("response").GetProperty("status").GetString());
    }

    [Fact]
    public async Task FirstEventError_OnANonStreamingRequest_AnswersOverloaded()
    {
        await using var mock = await MockFixture.StartAsync();
        var (response, json) = await mock.PostJsonAsync(Bodies.MessagesPath, Bodies.Anthropic("x"), (MockHeaders.Fault, "first-event-error"));

        Assert.Equal(529, (int)response.StatusCode);
        Assert.Equal("overloaded_error", json.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task ResetBeforeHeaders_FailsTheRequest()
    {
        await using var mock = await MockFixture.StartAsync();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => mock.SendAsync(MockFixture.Request(Bodies.ChatPath, Bodies.Chat("x"), (MockHeaders.Fault, "reset-before-headers"))));

        Assert.True(error is HttpRequestException or IOException, error.ToString());
        Assert.Equal(1, mock.Server.Counters.Resets);
        Assert.Equal(0, mock.Server.Counters.ClientAborts);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ResetAfterBytes_SendsHeadersAndSomeBytesThenAborts(bool stream)
    {
        await using var mock = await MockFixture.StartAsync();
        using var response = await mock.SendAsync(MockFixture.Request(Bodies.ResponsesPath, Bodies.ResponsesBody("x", stream), (MockHeaders.Fault, "reset-after-bytes:100")));

        Assert.Equal(200, (int)response.StatusCode);
        var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[4096];
        var read = 0;
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            while (await body.ReadAsync(buffer.AsMemory(read)) is var n and > 0)
            {
                read += n;
            }
        });

        Assert.True(error is HttpRequestException or IOException, error.ToString());
        Assert.InRange(read, 0, 100);
        Assert.Equal(1, mock.Server.Counters.Resets);
    }

    [Fact]
    public async Task SlowHeaders_DelaysTheResponse()
    {
        await using var mock = await MockFixture.StartAsync();
        var clock = Stopwatch.StartNew();
        var (response, _) = await mock.PostJsonAsync(Bodies.ChatPath, Bodies.Chat("x"), (MockHeaders.Fault, "slow-headers:150"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(clock.ElapsedMilliseconds >= 140, $"{clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task SlowHeaders_LongerThanTheClientWaits_IsObservedAsADisconnect()
    {
        await using var mock = await MockFixture.StartAsync();
        using var timeout = new CancellationTokenSource();

        // Give up only once the mock holds the request: a fixed short wait could end before a loaded machine delivers it.
        var sending = mock.SendAsync(MockFixture.Request(Bodies.MessagesPath, Bodies.Anthropic("x", stream: true), (MockHeaders.Fault, "slow-headers:60000")), timeout.Token);
        await mock.Server.WaitForRequestsAsync(1).WaitAsync(Patience);
        await timeout.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);

        await mock.Server.WaitForAbortAsync().WaitAsync(Patience);
        Assert.Equal(1, mock.Server.Counters.ClientAborts);
    }

    [Fact]
    public async Task Pacing_SpacesTheEvents()
    {
        await using var mock = await MockFixture.StartAsync(new MockUpstreamOptions { Deltas = 2 });
        var clock = Stopwatch.StartNew();
        var (_, events) = await mock.PostStreamAsync(Bodies.ChatPath, Bodies.Chat("x", stream: true, includeUsage: false), (MockHeaders.PaceMs, "25"));

        Assert.True(events[^1].IsDone);
        Assert.True(clock.ElapsedMilliseconds >= (events.Count - 1) * 25 - 10, $"{events.Count} events in {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task CombinedFaults_ApplyTogether()
    {
        await using var mock = await MockFixture.StartAsync();
        var clock = Stopwatch.StartNew();
        var (response, _) = await mock.PostJsonAsync(Bodies.MessagesPath, Bodies.Anthropic("x"), (MockHeaders.Fault, "slow-headers:100;status:529"));

        Assert.Equal(529, (int)response.StatusCode);
        Assert.True(clock.ElapsedMilliseconds >= 90, $"{clock.ElapsedMilliseconds} ms");
    }
}
