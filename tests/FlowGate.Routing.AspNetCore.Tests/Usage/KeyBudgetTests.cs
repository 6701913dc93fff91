using System.Net;
using System.Text.Json;
using FlowGate.MockUpstream;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using FlowGate.Routing.AspNetCore.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Usage;

/// <summary>Named gateway keys with a daily token budget, through real Kestrel, on a clock the test moves.</summary>
public sealed class KeyBudgetTests : IAsyncLifetime
{
    private const string AliceKey = "gw-alice-canary-7d1e";
    private const string BobKey = "gw-bob-canary-29fa";
    private const string PlainKey = "gw-plain-canary-0c44";

    // 22:30 UTC: with budget days starting at midnight the next one is 1.5 h (5400 s) away.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 22, 30, 0, TimeSpan.Zero));
    private MockUpstreamServer _mock = null!;

    public async Task InitializeAsync() => _mock = await MockUpstreamServer.StartAsync();

    public async Task DisposeAsync() => await _mock.DisposeAsync();

    [Fact]
    public async Task AKeyOverItsDailyBudget_Gets429UntilTheNextDay_AnotherKeyIsUnaffected_AndTheLedgerNamesTheKeys()
    {
        await using var gateway = await StartAsync(Config(TimeSpan.Zero));

        // One answer: 11 + 7 + 5 + 3 = 26 tokens, past alice's 20.
        Assert.Equal(HttpStatusCode.OK, await SendAsync(gateway, AliceKey));
        _ = await UsageWait.RequestsAsync(gateway, 1);

        var attemptsBefore = _mock.Requests.Count;
        using (var refused = await gateway.Client.SendAsync(Request(AliceKey)))
        {
            var body = await refused.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("5400", refused.Headers.GetValues("Retry-After").Single());
            using var json = JsonDocument.Parse(body);
            Assert.Equal("rate_limit_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
            Assert.Contains("'alice'", body, StringComparison.Ordinal);
            Assert.DoesNotContain(AliceKey, body, StringComparison.Ordinal);
        }

        Assert.Equal(attemptsBefore, _mock.Requests.Count);

        // An OpenAI client with the spent key gets OpenAI's error shape.
        using (var chat = Requests.Chat("pool"))
        {
            chat.Headers.Authorization = new("Bearer", AliceKey);
            using var refused = await gateway.Client.SendAsync(chat);
            using var json = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("rate_limit_exceeded", json.RootElement.GetProperty("error").GetProperty("code").GetString());
        }

        // Bob (a budget not yet spent) and an unnamed key are served.
        Assert.Equal(HttpStatusCode.OK, await SendAsync(gateway, BobKey));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(gateway, PlainKey));

        var rows = await UsageWait.RequestsAsync(gateway, 3);
        Assert.Equal(["alice", "bob", "key-1"], rows.Select(r => r.Key).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(26, rows.Where(r => r.Key == "alice").Sum(r => r.Tokens.Total));

        // The next budget day gives alice her budget back.
        _time.Advance(TimeSpan.FromMinutes(90));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(gateway, AliceKey));
    }

    [Fact]
    public async Task TheConfiguredDayBoundary_SetsRetryAfter()
    {
        // Days begin at 23:00 UTC: at 22:30 the next one is 30 minutes away.
        await using var gateway = await StartAsync(Config(TimeSpan.FromHours(23)));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(gateway, AliceKey));
        _ = await UsageWait.RequestsAsync(gateway, 1);

        using var refused = await gateway.Client.SendAsync(Request(AliceKey));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("1800", refused.Headers.GetValues("Retry-After").Single());

        _time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(gateway, AliceKey));
    }

    [Fact]
    public async Task ASpentKey_StaysSpentAfterARestart_OnTheSameLedgerFile_UntilItsNextDay()
    {
        // Days begin at 23:00 UTC, so the ledger's UTC-date rows alone could not tell which tokens fall in the current one.
        var directory = Path.Combine(Path.GetTempPath(), "flowgate-budget-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(directory, "usage.db");
        try
        {
            var config = Config(TimeSpan.FromHours(23));
            void UseFile(IServiceCollection services)
            {
                services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_time));
                services.Replace(ServiceDescriptor.Singleton<IUsageLedger>(_ => new SqliteUsageLedger(file)));
            }

            await using (var first = await TestGateway.StartAsync(config, UseFile))
            {
                Assert.Equal(HttpStatusCode.OK, await SendAsync(first, AliceKey));
                Assert.Equal(HttpStatusCode.OK, await SendAsync(first, BobKey));
                _ = await UsageWait.RequestsAsync(first, 2);
            }

            // The ledger keeps key names, never a key: not in the database nor in its write-ahead log.
            foreach (var part in Directory.GetFiles(directory))
            {
                var text = System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(part));
                Assert.DoesNotContain(AliceKey, text, StringComparison.Ordinal);
                Assert.DoesNotContain(BobKey, text, StringComparison.Ordinal);
            }

            Assert.Contains(Directory.GetFiles(directory), f => System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(f)).Contains("alice", StringComparison.Ordinal));

            await using (var second = await TestGateway.StartAsync(config, UseFile))
            {
                using var refused = await second.Client.SendAsync(Request(AliceKey));
                Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
                Assert.Equal("1800", refused.Headers.GetValues("Retry-After").Single());
                Assert.Equal(HttpStatusCode.OK, await SendAsync(second, BobKey));
            }

            // Restarted in the next budget day, alice has her budget back.
            _time.Advance(TimeSpan.FromMinutes(30));
            await using var third = await TestGateway.StartAsync(config, UseFile);
            Assert.Equal(HttpStatusCode.OK, await SendAsync(third, AliceKey));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private GatewayConfig Config(TimeSpan dayStart) => Gateway([Anthropic("up-a", _mock)], Route("pool", Target("up-a", "model-a"))) with
    {
        ApiKeys = [new Secret(PlainKey, "test:plain")],
        NamedKeys =
        [
            new GatewayKey { Name = "alice", Key = new Secret(AliceKey, "test:alice"), MaxDailyTokens = 20 },
            new GatewayKey { Name = "bob", Key = new Secret(BobKey, "test:bob"), MaxDailyTokens = 1_000 },
        ],
        BudgetDayStart = dayStart,
    };

    private static HttpRequestMessage Request(string key)
    {
        var request = Requests.Messages("pool", "budget");
        request.Headers.Add(MockHeaders.Usage, "11,7,5,3,0");
        request.Headers.Add("x-api-key", key);
        return request;
    }

    private static async Task<HttpStatusCode> SendAsync(TestGateway gateway, string key)
    {
        using var request = Request(key);
        using var response = await gateway.Client.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<TestGateway> StartAsync(GatewayConfig config) =>
        await TestGateway.StartAsync(config, s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(_time)));
}
