using System.Net;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// The configuration's outbound <c>proxy</c> as a <see cref="WebProxy"/>: credentials written in the URL
/// (<c>http://user:password@host:port</c>) become the proxy's Basic credentials, answered to its 407 challenge, and are
/// taken out of the address, so no error message or log line that names the proxy can carry the password.
/// </summary>
internal static class UpstreamProxy
{
    /// <summary>Creates the proxy for a configured URL.</summary>
    /// <param name="url">The configured URL, with or without credentials.</param>
    /// <returns>The proxy every upstream call goes through (loopback included: a local proxy is often the point).</returns>
    public static WebProxy Create(Uri url)
    {
        if (url.UserInfo.Length == 0)
        {
            return new WebProxy(url);
        }

        var parts = url.UserInfo.Split(':', 2);
        var address = new UriBuilder(url) { UserName = string.Empty, Password = string.Empty }.Uri;
        return new WebProxy(address)
        {
            Credentials = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty),
        };
    }
}
