using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using Microsoft.Extensions.DependencyInjection;

namespace FlowGate.Routing.AspNetCore.Tests.Embedding;

/// <summary>
/// The configuration's outbound <c>proxy</c> with an HTTPS upstream: the call tunnels through the proxy with
/// <c>CONNECT host:port</c>, TLS runs end to end inside the tunnel, and the app trusts the upstream's certificate
/// (pinned, or issued by a private CA) through <c>ConfigureUpstreamHandler</c>.
/// </summary>
public sealed class OutboundProxyTunnelTests
{
    [Fact]
    public async Task OutboundProxy_ToAnHttpsUpstream_TunnelsWithConnect_AndTrustsThePinnedCertificate()
    {
        await using var upstream = await HttpsUpstream.StartAsync();
        await using var proxy = ForwardProxy.Start(upstream.EndPoint);
        var validations = 0;
        await using var host = await EmbeddedHost.StartAsync(
            "providers.toml",
            ProvidersFile.DirectUpstream(upstream.BaseUrl, proxy.Address.ToString().TrimEnd('/')),
            b => b.Services.AddFlowGate(f => f.UseConfigFile("providers.toml").ConfigureUpstreamHandler(h =>
                h.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    Interlocked.Increment(ref validations);
                    return IsPinned(certificate, upstream.Thumbprint);
                })));

        using var chat = await host.Client.SendAsync(Requests.Chat("r1"));
        var body = await chat.Content.ReadAsStringAsync();

        // The client got the upstream's answer ...
        Assert.True(chat.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains(HttpsUpstream.Answer, body, StringComparison.Ordinal);

        // ... which the proxy carried as a tunnel to the upstream's own host:port ...
        Assert.Contains($"CONNECT 127.0.0.1:{upstream.Port} HTTP/1.1", proxy.RequestLines);
        Assert.All(proxy.RequestLines, line => Assert.StartsWith("CONNECT ", line, StringComparison.Ordinal));

        // ... inside which the request reached the upstream over TLS, from a connection the proxy opened ...
        var received = Assert.Single(upstream.Requests);
        Assert.Equal("/v1/chat/completions", received.Path);
        Assert.True(received.IsHttps);
        Assert.Contains(received.RemotePort, proxy.RelayPorts);

        // ... after the app's callback accepted the pinned certificate.
        Assert.True(Volatile.Read(ref validations) >= 1, "the certificate callback was never asked");
    }

    [Fact]
    public async Task OutboundProxy_WithCredentials_ToAnHttpsUpstream_OfAPrivateCa_AuthenticatesTheConnect_AndNeverLogsThePassword()
    {
        const string Password = "tunnel-pw-93c1d7";
        await using var upstream = await HttpsUpstream.StartAsync();
        await using var proxy = ForwardProxy.Start(upstream.EndPoint, "flowgate:" + Password);
        await using var host = await EmbeddedHost.StartAsync(
            "providers.toml",
            ProvidersFile.DirectUpstream(upstream.BaseUrl, $"http://flowgate:{Password}@127.0.0.1:{proxy.Address.Port}"),
            b => b.Services.AddFlowGate(f => f.UseConfigFile("providers.toml").ConfigureUpstreamHandler(h =>
                h.SslOptions.CertificateChainPolicy = new X509ChainPolicy
                {
                    // The upstream's private CA as the only root (docs/embedding.md shows this).
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { upstream.Authority },
                    RevocationMode = X509RevocationMode.NoCheck,
                })));

        using var chat = await host.Client.SendAsync(Requests.Chat("r1"));
        var body = await chat.Content.ReadAsStringAsync();

        Assert.True(chat.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains(HttpsUpstream.Answer, body, StringComparison.Ordinal);

        // The proxy challenged the CONNECT (407) and let it through only with its Basic credentials.
        Assert.True(proxy.Challenged >= 1, "the proxy's 407 was never met");
        Assert.Contains($"CONNECT 127.0.0.1:{upstream.Port} HTTP/1.1", proxy.RequestLines);
        Assert.All(proxy.RequestLines, line => Assert.StartsWith("CONNECT ", line, StringComparison.Ordinal));
        Assert.Contains(Assert.Single(upstream.Requests).RemotePort, proxy.RelayPorts);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OutboundProxy_ToAnHttpsUpstream_WithAnUntrustedCertificate_FailsInTheClientsProtocol()
    {
        // Nothing trusts the test's private CA: without the app's callback the TLS handshake inside the
        // tunnel must fail, and the client get an error in its protocol (proving the other tests' trust is the pin's).
        await using var upstream = await HttpsUpstream.StartAsync();
        await using var proxy = ForwardProxy.Start(upstream.EndPoint);
        await using var host = await EmbeddedHost.StartAsync(
            "providers.toml",
            ProvidersFile.DirectUpstream(upstream.BaseUrl, proxy.Address.ToString().TrimEnd('/')),
            b => b.Services.AddFlowGate(f => f.UseConfigFile("providers.toml")));

        using var chat = await host.Client.SendAsync(Requests.Messages("r1"));
        var body = await chat.Content.ReadAsStringAsync();

        Assert.True((int)chat.StatusCode >= 500, $"{(int)chat.StatusCode} {body}");
        Assert.Contains("\"type\":\"error\"", body, StringComparison.Ordinal);
        Assert.Contains($"CONNECT 127.0.0.1:{upstream.Port} HTTP/1.1", proxy.RequestLines);
        Assert.Empty(upstream.Requests);
    }

    private static bool IsPinned(X509Certificate? certificate, string thumbprint) =>
        certificate is not null && string.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), thumbprint, StringComparison.OrdinalIgnoreCase);
}
