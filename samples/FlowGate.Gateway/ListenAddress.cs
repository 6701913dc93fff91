using System.Globalization;
using System.Net;

namespace FlowGate.Gateway;

/// <summary>
/// Where the gateway listens: ASP.NET's <c>urls</c> setting (<c>--urls</c>, <c>ASPNETCORE_URLS</c>) when
/// given, else the configuration's host and port. Without gateway keys only loopback addresses are allowed.
/// </summary>
internal static class ListenAddress
{
    /// <summary>The demo's address.</summary>
    public const string DemoUrl = "http://127.0.0.1:4000";

    /// <summary>Builds <c>http://host:port</c>, bracketing an IPv6 host.</summary>
    /// <param name="host">The host or IP address.</param>
    /// <param name="port">The port.</param>
    /// <returns>The URL.</returns>
    public static string Url(string host, int port)
    {
        var h = IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !host.StartsWith('[')
            ? $"[{host}]"
            : host;
        return $"http://{h}:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>The address a loaded configuration asks for (a reload cannot move a listening server: only the first load's counts).</summary>
    /// <param name="config">The loaded configuration.</param>
    /// <returns>The URL.</returns>
    public static string Of(FlowGate.Config.FlowGateConfig config) => Url(config.Gateway.Host, config.Gateway.Port);

    /// <summary>Splits an ASP.NET <c>urls</c> value (<c>;</c>-separated).</summary>
    /// <param name="urls">The value.</param>
    /// <returns>The URLs.</returns>
    public static IReadOnlyList<string> Split(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Tells whether a listen URL can only be reached from this machine: <c>localhost</c>, a loopback IP, or a Unix
    /// socket. <c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>, other IPs and host names are not.
    /// </summary>
    /// <param name="url">A URL as ASP.NET's <c>urls</c> setting takes it.</param>
    /// <returns>Whether the address is loopback only.</returns>
    public static bool IsLoopback(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd < 0 ? url : url[(schemeEnd + 3)..];
        if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        string host;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? rest : rest[1..close];
        }
        else
        {
            var end = rest.IndexOfAny([':', '/']);
            host = end < 0 ? rest : rest[..end];
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }
}
