using System.Net;

namespace FlowGate.Routing.AspNetCore.Auth;

/// <summary>What counts as loopback, for connections and for the addresses the server listens on.</summary>
internal static class LoopbackAddresses
{
    /// <summary>Whether an IP address is loopback, an IPv4-mapped IPv6 one (<c>::ffff:127.0.0.1</c>) included.</summary>
    public static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>
    /// Whether a listen address (as <c>IServerAddressesFeature</c> lists it, for example <c>http://127.0.0.1:5000</c>,
    /// <c>http://[::]:5000</c>, <c>http://localhost:5000</c>) only accepts local connections. Wildcards (<c>*</c>,
    /// <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>), LAN addresses and host names other than <c>localhost</c> do not; Unix
    /// sockets and named pipes do.
    /// </summary>
    public static bool IsLoopbackListenAddress(string address)
    {
        var schemeEnd = address.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd < 0 ? address : address[(schemeEnd + 3)..];
        if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("pipe:", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var hostEnd = rest.StartsWith('[') ? rest.IndexOf(']', StringComparison.Ordinal) + 1 : rest.IndexOfAny([':', '/']);
        var host = hostEnd <= 0 ? rest : rest[..hostEnd];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IsLoopback(ip);
    }
}
