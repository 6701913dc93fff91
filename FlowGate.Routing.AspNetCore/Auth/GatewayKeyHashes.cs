using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace FlowGate.Routing.AspNetCore.Auth;

/// <summary>
/// The SHA-256 of each configured gateway key, computed once per config. Comparing fixed-length hashes in constant
/// time means neither a key's content nor its length leaks through timing.
/// </summary>
internal sealed class GatewayKeyHashes
{
    private const int HashLength = SHA256.HashSizeInBytes;

    // Longer credentials are rejected without hashing: no real key is this long, and it bounds the work per request.
    private const int MaxCredentialChars = 1024;

    private static readonly ConditionalWeakTable<GatewayConfig, GatewayKeyHashes> Cache = [];

    private readonly byte[] _hashes;

    private GatewayKeyHashes(GatewayConfig config)
    {
        _hashes = new byte[config.KeyCount * HashLength];
        for (var i = 0; i < config.KeyCount; i++)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(config.KeyAt(i).Reveal()), _hashes.AsSpan(i * HashLength, HashLength));
        }
    }

    public bool IsEmpty => _hashes.Length == 0;

    public static GatewayKeyHashes Of(GatewayConfig config) => Cache.GetValue(config, c => new GatewayKeyHashes(c));

    /// <summary>Whether a presented credential equals any configured key; every key is compared, so timing does not say which.</summary>
    public bool Matches(ReadOnlySpan<char> credential) => IndexOf(credential) >= 0;

    /// <summary>
    /// The position of the configured key a presented credential equals, or -1. Every key is compared and the position
    /// is picked without branching on the comparisons, so timing does not say which key matched.
    /// </summary>
    public int IndexOf(ReadOnlySpan<char> credential)
    {
        if (credential.IsEmpty || IsEmpty || credential.Length > MaxCredentialChars)
        {
            return -1;
        }

        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(credential.Length)];
        var length = Encoding.UTF8.GetBytes(credential, utf8);

        Span<byte> hash = stackalloc byte[HashLength];
        SHA256.HashData(utf8[..length], hash);
        CryptographicOperations.ZeroMemory(utf8);
        var index = -1;
        for (var offset = 0; offset < _hashes.Length; offset += HashLength)
        {
            var equal = CryptographicOperations.FixedTimeEquals(hash, _hashes.AsSpan(offset, HashLength));
            // Branch-free select: equal is 0 or 1, so the mask is all ones only for the matching key.
            var mask = -(equal ? 1 : 0);
            index = (index & ~mask) | ((offset / HashLength) & mask);
        }

        return index;
    }
}
