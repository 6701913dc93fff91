using FlowGate.Routing.Rewriting;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FlowGate.Routing.Tests.Rewriting;

/// <summary>Header rules over generated client headers and target configurations.</summary>
public sealed class HeaderRewriterPropertyTests
{
    private const string ClientKey = "client-gateway-key";
    private const string UpstreamKey = "sk-upstream-secret";

    private static readonly Gen<string> BetaList =
        Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Elements("a", "A", "b-1", "B-1", " c ", "", "x\r\ny", "z\n", "\0w", "claude-code-20250219"), n))
            .SelectMany(tokens => Gen.Elements(",", ", ", " ,").Select(separator => string.Join(separator, tokens)));

    private static readonly Gen<HttpHeader> ClientHeader = Gen.OneOf(
        Gen.Elements(
            new HttpHeader("Authorization", "Bearer " + ClientKey), new HttpHeader("x-api-key", ClientKey),
            new HttpHeader("API-Key", ClientKey), new HttpHeader("x-goog-api-key", ClientKey),
            new HttpHeader("Host", "127.0.0.1"), new HttpHeader("Content-Length", "12"), new HttpHeader("Connection", "keep-alive, x-trace"),
            new HttpHeader("Proxy-Authorization", "Basic " + ClientKey), new HttpHeader("Transfer-Encoding", "chunked"),
            new HttpHeader("x-trace", "1"), new HttpHeader("x-app", "cli"), new HttpHeader("anthropic-version", "2023-06-01"),
            new HttpHeader("x-evil", "a\r\nAuthorization: Bearer " + ClientKey), new HttpHeader("x-evil\n", "v")),
        BetaList.Select(v => new HttpHeader("anthropic-beta", v)),
        BetaList.Select(v => new HttpHeader("Anthropic-Beta", v)));

    private static readonly Gen<HttpHeader> ConfiguredHeader = Gen.OneOf(
        Gen.Elements(
            new HttpHeader("x-tier", "gold"), new HttpHeader("X-App", "gateway"), new HttpHeader("api-key", "configured"),
            new HttpHeader("Host", "evil"), new HttpHeader("content-length", "1"), new HttpHeader("Upgrade", "h2c"),
            new HttpHeader("x-split", "a\r\nb: c"), new HttpHeader("x-split", "a\nb"), new HttpHeader("bad name", "v")),
        BetaList.Select(v => new HttpHeader("anthropic-beta", v)));

    private static readonly Gen<(List<HttpHeader> Client, TargetParams Parameters, UpstreamProtocol Protocol, Secret? Key)> Requests =
        from client in Gen.Choose(0, 10).SelectMany(n => Gen.ListOf(ClientHeader, n))
        from beta in Gen.OneOf(Gen.Constant<string?>(null), BetaList.Select(v => (string?)v))
        from extra in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(ConfiguredHeader, n))
        from protocol in Gen.Elements(Enum.GetValues<UpstreamProtocol>())
        from key in Gen.Elements<Secret?>(null, new Secret(UpstreamKey, "test"))
        select (client.ToList(), new TargetParams { AnthropicBeta = beta, ExtraHeaders = extra.ToValueArray() }, protocol, key);

    [Property(MaxTest = 1_000)]
    public Property MergeAnthropicBeta_AnyLists_NoDuplicatesNoLineBreaksNothingLost() =>
        Prop.ForAll(Arb.From(Gen.Two(BetaList)), lists =>
        {
            var merged = HeaderRewriter.MergeAnthropicBeta(lists.Item1, lists.Item2);

            Assert.False(merged.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0);
            var tokens = merged.Length == 0 ? [] : merged.Split(',');
            Assert.Equal(tokens.Length, tokens.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.All(tokens, t => Assert.False(string.IsNullOrWhiteSpace(t)));
            var expected = (lists.Item1 + "," + lists.Item2).Split(',').Select(t => t.Trim())
                .Where(t => t.Length > 0 && t.AsSpan().IndexOfAny('\r', '\n', '\0') < 0)
                .Distinct(StringComparer.OrdinalIgnoreCase);
            Assert.Equal(expected, tokens);
        });

    [Property(MaxTest = 1_000)]
    public Property Rewrite_AnyHeaders_NoClientCredentialNoLineBreakSecretOnlyInCredential() => RewriteProperty();

    /// <summary>
    /// Found by a random seed: a configured <c>anthropic-beta</c> with no valid token (only "x\r\ny") left the client's
    /// several empty <c>anthropic-beta</c> lines in place instead of one merged line or none.
    /// </summary>
    [Property(MaxTest = 1_000, Replay = "(18118543771306800698,15725593910047727181)")]
    public Property Rewrite_AnyHeaders_Regression_ConfiguredBetaWithoutValidTokens() => RewriteProperty();

    private static Property RewriteProperty() =>
        Prop.ForAll(Arb.From(Requests), r =>
        {
            var headers = HeaderRewriter.Rewrite(r.Client, r.Parameters, r.Protocol, r.Key, []);

            Assert.All(headers, h => Assert.True(h.Name.AsSpan().IndexOfAny('\r', '\n', '\0') < 0 && h.Value.AsSpan().IndexOfAny('\r', '\n', '\0') < 0));
            Assert.DoesNotContain(headers, h => h.Value.Contains(ClientKey, StringComparison.Ordinal));
            Assert.DoesNotContain(headers, h => HeaderRules.IsReserved(h.Name));
            if (r.Client.Exists(h => h.Name == "Connection"))
            {
                Assert.DoesNotContain(headers, h => h.Name == "x-trace");
            }

            Assert.True(headers.Count(h => HeaderRules.Is(h.Name, "anthropic-beta")) <= 1 || r.Parameters.AnthropicBeta is not { Length: > 0 });
            var withSecret = headers.Where(h => h.Value.Contains(UpstreamKey, StringComparison.Ordinal)).ToList();
            if (r.Key is null)
            {
                Assert.Empty(withSecret);
                Assert.All(headers.Where(h => HeaderRules.IsCredential(h.Name)), h => Assert.Equal("configured", h.Value));
                return;
            }

            var expected = r.Protocol == UpstreamProtocol.Anthropic ? new HttpHeader("x-api-key", UpstreamKey) : new HttpHeader("Authorization", "Bearer " + UpstreamKey);
            Assert.Equal([expected], withSecret);
        });
}
