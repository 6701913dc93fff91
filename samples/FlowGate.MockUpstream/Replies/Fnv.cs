using System.Globalization;

namespace FlowGate.MockUpstream.Replies;

/// <summary>FNV-1a, 64 bit: a fast, stable hash for request ids, reply ids and signatures (not for security).</summary>
internal static class Fnv
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = Offset;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }

    public static ulong Hash(string text)
    {
        var hash = Offset;
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }

        return hash;
    }

    public static string Hex(ulong hash) => hash.ToString("x16", CultureInfo.InvariantCulture);
}
