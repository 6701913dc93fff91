using System.Buffers;
using System.Text;

namespace FlowGate.Routing.AspNetCore.Secrets;

/// <summary>
/// Every form in which a secret FlowGate injects upstream could come back: the upstream keys raw, URL-encoded and in
/// base64 (alone and as a <c>Bearer</c> credential). An upstream or relay that quotes the request's headers in its
/// error body would otherwise hand the key to the client. Occurrences are masked with <c>*</c> of the same length,
/// so a relayed body keeps its <c>Content-Length</c>.
/// </summary>
internal sealed class SecretRedactor
{
    /// <summary>The redactor that knows no secret and changes nothing.</summary>
    public static readonly SecretRedactor None = new([]);

    private const byte MaskByte = (byte)'*';

    private readonly byte[][] _patterns;

    public SecretRedactor(IEnumerable<string> secrets)
    {
        var patterns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var secret in secrets)
        {
            // Very short values would mask ordinary text; real keys are far longer.
            if (secret.Length < 8)
            {
                continue;
            }

            patterns.Add(secret);
            patterns.Add(Uri.EscapeDataString(secret));
            patterns.Add(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)));
            patterns.Add(Convert.ToBase64String(Encoding.UTF8.GetBytes("Bearer " + secret)));
            patterns.Add(System.Text.Json.JsonEncodedText.Encode(secret).ToString());
        }

        _patterns = [.. patterns.Select(Encoding.UTF8.GetBytes).OrderByDescending(p => p.Length)];
        LongestPattern = _patterns.Length == 0 ? 0 : _patterns[0].Length;
    }

    /// <summary>Gets the length of the longest form, in bytes.</summary>
    public int LongestPattern { get; }

    /// <summary>Gets a value indicating whether there is anything to redact.</summary>
    public bool IsEmpty => _patterns.Length == 0;

    /// <summary>The secrets of one configuration: every upstream's key.</summary>
    public static SecretRedactor For(GatewayConfig config)
    {
        var secrets = new List<string>();
        foreach (var upstream in config.Routing.Upstreams)
        {
            if (upstream.ApiKey is { } key)
            {
                secrets.Add(key.Reveal());
            }
        }

        return secrets.Count == 0 ? None : new SecretRedactor(secrets);
    }

    /// <summary>Masks every complete occurrence in place.</summary>
    /// <returns>True when anything was masked.</returns>
    public bool MaskInPlace(Span<byte> data)
    {
        var masked = false;
        foreach (var pattern in _patterns)
        {
            var from = 0;
            while (from < data.Length)
            {
                var at = data[from..].IndexOf(pattern);
                if (at < 0)
                {
                    break;
                }

                data.Slice(from + at, pattern.Length).Fill(MaskByte);
                masked = true;
                from += at + pattern.Length;
            }
        }

        return masked;
    }

    /// <summary>Masks every occurrence in a string (a header value, a log argument).</summary>
    public string Mask(string text)
    {
        if (IsEmpty || text.Length == 0)
        {
            return text;
        }

        // Every header value of every answer passes here: a short one is encoded on the stack, a long one into a
        // pooled buffer, and a new string is made only when something was masked.
        const int StackBytes = 512;
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var buffer = max <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var bytes = buffer[..Encoding.UTF8.GetBytes(text, buffer)];
            return MaskInPlace(bytes) ? Encoding.UTF8.GetString(bytes) : text;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    /// <summary>
    /// The length of the longest end of <paramref name="data"/> that is the start of some form: those bytes may be the
    /// first part of a secret whose rest has not arrived yet, so a stream holds them back.
    /// </summary>
    public int PartialTail(ReadOnlySpan<byte> data)
    {
        var longest = 0;
        foreach (var pattern in _patterns)
        {
            var max = Math.Min(pattern.Length - 1, data.Length);
            for (var n = max; n > longest; n--)
            {
                if (data[^n] == pattern[0] && data[^n..].SequenceEqual(pattern.AsSpan(0, n)))
                {
                    longest = n;
                    break;
                }
            }
        }

        return longest;
    }
}
