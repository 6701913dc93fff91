using FlowGate.Routing.Rewriting;
using FlowGate.TestUtils;

namespace FlowGate.Routing.Tests.Rewriting;

/// <summary>Step 7: the headers sent upstream.</summary>
public sealed class HeaderRewriterTests
{
    private static readonly Secret Key = new("sk-upstream-secret", "env:UPSTREAM_KEY");

    [Theory]
    [InlineData("Connection")]
    [InlineData("keep-alive")]
    [InlineData("Proxy-Authorization")]
    [InlineData("proxy-connection")]
    [InlineData("TE")]
    [InlineData("Trailer")]
    [InlineData("Transfer-Encoding")]
    [InlineData("Upgrade")]
    [InlineData("Host")]
    [InlineData("Content-Length")]
    public void Rewrite_HopByHopOrForwarderHeader_IsDropped(string name)
    {
        var headers = Rewrite([new(name, "x"), new("x-app", "cli")]);

        Assert.Equal([new HttpHeader("x-app", "cli")], headers);
    }

    [Fact]
    public void Rewrite_HeaderListedInConnection_IsDropped()
    {
        var headers = Rewrite([new("Connection", "keep-alive, X-Trace ,close"), new("x-trace", "1"), new("x-app", "cli")]);

        Assert.Equal([new HttpHeader("x-app", "cli")], headers);
    }

    [Theory]
    [InlineData("x-bad\r\nInjected", "v")]
    [InlineData("x-ok", "v\r\nInjected: 1")]
    [InlineData("x-ok", "v\nx")]
    [InlineData("x-ok", "v\0")]
    [InlineData("x bad", "v")]
    [InlineData(":authority", "v")]
    [InlineData("", "v")]
    public void Rewrite_MalformedHeader_IsDropped(string name, string value)
    {
        var headers = Rewrite([new(name, value), new("x-app", "cli")]);

        Assert.Equal([new HttpHeader("x-app", "cli")], headers);
    }

    [Theory]
    [InlineData("Authorization", "Bearer client-gateway-key")]
    [InlineData("x-api-key", "client-gateway-key")]
    [InlineData("api-key", "client-gateway-key")]
    [InlineData("X-Goog-Api-Key", "client-gateway-key")]
    public void Rewrite_ClientCredential_IsRemovedEvenWithoutUpstreamKey(string name, string value)
    {
        var headers = Rewrite([new(name, value), new("x-app", "cli")]);

        Assert.Equal([new HttpHeader("x-app", "cli")], headers);
    }

    [Theory]
    [InlineData(UpstreamProtocol.Anthropic, "x-api-key", "sk-upstream-secret")]
    [InlineData(UpstreamProtocol.OpenAI, "Authorization", "Bearer sk-upstream-secret")]
    [InlineData(UpstreamProtocol.OpenAIChat, "Authorization", "Bearer sk-upstream-secret")]
    [InlineData(UpstreamProtocol.OpenAIResponses, "Authorization", "Bearer sk-upstream-secret")]
    [InlineData(UpstreamProtocol.Instance, "Authorization", "Bearer sk-upstream-secret")]
    public void Rewrite_UpstreamKey_ReplacesClientCredentialInProtocolHeader(UpstreamProtocol protocol, string name, string value)
    {
        HttpHeader[] client = [new("Authorization", "Bearer client-gateway-key"), new("x-api-key", "client-gateway-key"), new("x-app", "cli")];

        var headers = HeaderRewriter.Rewrite(client, TargetParams.None, protocol, Key, []);

        Assert.Equal([new HttpHeader("x-app", "cli"), new HttpHeader(name, value)], headers);
    }

    [Fact]
    public void Rewrite_ClaudeCodeHeaders_ClientKeyNeverSurvivesAndSecretOnlyInCredential()
    {
        var client = ClaudeCodeHeaders();
        var upstream = new UpstreamConfig { Name = "anthropic", Protocol = UpstreamProtocol.Anthropic, BaseUrl = new("https://api.anthropic.com"), ApiKey = Key };

        var headers = HeaderRewriter.Rewrite(client, upstream, new TargetParams { AnthropicBeta = "context-1m-2025-08-07" });

        Assert.DoesNotContain(headers, h => h.Value.Contains("sk-local-test", StringComparison.Ordinal));
        Assert.DoesNotContain(headers, h => HeaderRules.IsReserved(h.Name));
        Assert.Equal([new HttpHeader("x-api-key", "sk-upstream-secret")], headers.Where(h => h.Value.Contains("sk-upstream-secret", StringComparison.Ordinal)));
        Assert.Equal(client.Count - 4 + 1, headers.Count);
        Assert.Equal(
            ClientFixtures.Header(ClientFixtures.ClaudeCode, "anthropic-beta") + ",context-1m-2025-08-07",
            Assert.Single(headers, h => h.Name == "anthropic-beta").Value);
    }

    [Fact]
    public void RewriteInto_AReusedList_IsClearedFirst_AndGetsWhatRewriteReturns()
    {
        var client = ClaudeCodeHeaders();
        var upstream = new UpstreamConfig { Name = "anthropic", Protocol = UpstreamProtocol.Anthropic, BaseUrl = new("https://api.anthropic.com"), ApiKey = Key };
        var parameters = new TargetParams { AnthropicBeta = "context-1m-2025-08-07" };
        var reused = new List<HttpHeader> { new("x-left-by-the-last-request", "1") };

        HeaderRewriter.RewriteInto(client, upstream, parameters, reused);

        Assert.Equal(HeaderRewriter.Rewrite(client, upstream, parameters), reused);
    }

    [Fact]
    public void Rewrite_AnthropicBeta_MergedInPlaceWithoutDuplicates()
    {
        var headers = HeaderRewriter.Rewrite(
            [new("anthropic-beta", "a, B"), new("x-app", "cli"), new("Anthropic-Beta", "c")],
            new TargetParams { AnthropicBeta = "b,d" },
            UpstreamProtocol.Anthropic,
            null,
            []);

        Assert.Equal([new HttpHeader("anthropic-beta", "a,B,c,d"), new HttpHeader("x-app", "cli")], headers);
    }

    [Fact]
    public void Rewrite_AnthropicBetaWithoutClientHeader_IsAdded()
    {
        var headers = Rewrite([new("x-app", "cli")], new TargetParams { AnthropicBeta = " x , y " });

        Assert.Equal([new HttpHeader("x-app", "cli"), new HttpHeader("anthropic-beta", "x,y")], headers);
    }

    [Fact]
    public void Rewrite_NoAnthropicBetaParam_LeavesClientValueAsSent()
    {
        var headers = Rewrite([new("anthropic-beta", "a, a ,b")]);

        Assert.Equal([new HttpHeader("anthropic-beta", "a, a ,b")], headers);
    }

    [Fact]
    public void Rewrite_ExtraHeaders_ReplaceInPlaceButNeverReservedOrMalformed()
    {
        var parameters = new TargetParams
        {
            ExtraHeaders = [new("X-App", "gateway"), new("Host", "evil"), new("content-length", "1"), new("Connection", "close"), new("x-new", "1\r\nx: y"), new("x-added", "yes")],
        };

        var headers = Rewrite([new("x-app", "cli"), new("accept", "*/*"), new("X-APP", "dup")], parameters);

        Assert.Equal([new HttpHeader("x-app", "gateway"), new HttpHeader("accept", "*/*"), new HttpHeader("x-added", "yes")], headers);
    }

    [Fact]
    public void Rewrite_UpstreamHeadersThenTargetHeaders_TargetWins()
    {
        var headers = HeaderRewriter.Rewrite(
            [new("x-app", "cli")],
            new TargetParams { ExtraHeaders = [new("x-tier", "target")] },
            UpstreamProtocol.OpenAI,
            Key,
            [new("x-tier", "upstream"), new("x-org", "o"), new("authorization", "Bearer configured")]);

        Assert.Equal(
            [new HttpHeader("x-app", "cli"), new HttpHeader("x-tier", "target"), new HttpHeader("x-org", "o"), new HttpHeader("authorization", "Bearer sk-upstream-secret")],
            headers);
    }

    [Fact]
    public void Rewrite_KeyWithLineBreak_IsNotSent()
    {
        var headers = HeaderRewriter.Rewrite([new("x-app", "cli")], TargetParams.None, UpstreamProtocol.OpenAI, new Secret("a\r\nb", "test"), []);

        Assert.Equal([new HttpHeader("x-app", "cli")], headers);
    }

    [Theory]
    [InlineData(null, null, "")]
    [InlineData("a,b", null, "a,b")]
    [InlineData(null, "a", "a")]
    [InlineData(" a ,, b ", "B, c", "a,b,c")]
    [InlineData("A", "a", "A")]
    [InlineData("a,a", "A", "a")]
    [InlineData("a,x\r\ny", "z\n,c", "a,z,c")]
    public void MergeAnthropicBeta_Values_ClientOrderFirstNoDuplicates(string? existing, string? added, string expected) =>
        Assert.Equal(expected, HeaderRewriter.MergeAnthropicBeta(existing, added));

    private static IReadOnlyList<HttpHeader> Rewrite(IEnumerable<HttpHeader> client, TargetParams? parameters = null) =>
        HeaderRewriter.Rewrite(client, parameters ?? TargetParams.None, UpstreamProtocol.Anthropic, null, []);

    private static List<HttpHeader> ClaudeCodeHeaders()
    {
        string[] names =
        [
            "Accept", "Authorization", "Content-Type", "User-Agent", "X-Claude-Code-Session-Id", "anthropic-beta",
            "anthropic-version", "x-app", "Connection", "Host", "Accept-Encoding", "Content-Length",
        ];
        return [.. names.Select(name => new HttpHeader(name, ClientFixtures.Header(ClientFixtures.ClaudeCode, name)!))];
    }
}
