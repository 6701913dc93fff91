using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowGate.Routing.AspNetCore.Tests.Embedding;

/// <summary>
/// An OpenAI-protocol upstream on real Kestrel at <c>https://127.0.0.1:PORT</c> with a certificate issued for it by a
/// private certificate authority made in the test (no machine store is touched, so nothing trusts either unless told). It answers every request with one chat
/// completion saying <see cref="Answer"/> and records each request's path, whether it came over TLS, and the client
/// port it came from (a proxy's tunnel shows as the proxy's own outgoing port).
/// </summary>
internal sealed class HttpsUpstream : IAsyncDisposable
{
    public const string Answer = "tls upstream: hello";

    private readonly WebApplication _app;

    private HttpsUpstream(WebApplication app, X509Certificate2 certificate, X509Certificate2 authority)
    {
        _app = app;
        Certificate = certificate;
        Authority = authority;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
    }

    /// <summary>Gets the upstream's certificate (for the IP address 127.0.0.1, issued by <see cref="Authority"/>).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Gets the private certificate authority that issued <see cref="Certificate"/> (public part only).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>Gets the SHA-256 thumbprint of <see cref="Certificate"/>, for pinning.</summary>
    public string Thumbprint => Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    public int Port { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    /// <summary>Gets the OpenAI base URL, <c>https://127.0.0.1:PORT/v1</c>.</summary>
    public string BaseUrl => $"https://127.0.0.1:{Port}/v1";

    public ConcurrentQueue<(string Path, bool IsHttps, int RemotePort)> Requests { get; } = new();

    public static async Task<HttpsUpstream> StartAsync()
    {
        using var authority = CreateAuthority();
        var certificate = CreateServerCertificate(authority);
        var authorityPublic = X509CertificateLoader.LoadCertificate(authority.RawData);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        HttpsUpstream? upstream = null;
        app.Run(async context =>
        {
            upstream!.Requests.Enqueue((context.Request.Path.Value!, context.Request.IsHttps, context.Connection.RemotePort));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $$$"""{"id":"chatcmpl-tls","object":"chat.completion","created":0,"model":"mock-large","choices":[{"index":0,"message":{"role":"assistant","content":"{{{Answer}}}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":3,"total_tokens":4}}""");
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            certificate.Dispose();
            authorityPublic.Dispose();
            throw;
        }

        upstream = new HttpsUpstream(app, certificate, authorityPublic);
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Certificate.Dispose();
        Authority.Dispose();
    }

    // A private certificate authority, valid for a day, with its private key (to sign the server's certificate).
    private static X509Certificate2 CreateAuthority()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=FlowGate test private CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-10), now.AddDays(1));
    }

    // The server's certificate for the IP address 127.0.0.1, issued by the authority, reloaded from PKCS#12 so its
    // private key is usable by TLS on every platform (an ephemeral key is not on all).
    private static X509Certificate2 CreateServerCertificate(X509Certificate2 authority)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(authority, now.AddMinutes(-5), now.AddHours(12), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null);
    }
}
