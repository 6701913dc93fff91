namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// Watches the bytes of a committed stream for its protocol's proper end (Anthropic <c>"message_stop"</c>, Chat
/// <c>[DONE]</c>, Responses <c>"response.completed"</c> / <c>incomplete</c> / <c>failed</c>), so that an upstream that just
/// closes gets a terminal error instead of a clean end that looks complete. The quoted forms cannot match
/// JSON-escaped text inside a message. A short tail of each chunk is kept, so a marker split across reads is found.
/// </summary>
internal sealed class StreamEndWatch
{
    private const int Tail = 32;

    private readonly byte[][] _markers;
    private readonly byte[] _carry = new byte[Tail * 2];
    private int _carryLength;

    public StreamEndWatch(ClientProtocol protocol) => _markers = protocol switch
    {
        ClientProtocol.AnthropicMessages => ["\"message_stop\""u8.ToArray()],
        ClientProtocol.OpenAIChat => ["[DONE]"u8.ToArray()],
        _ => ["\"response.completed\""u8.ToArray(), "\"response.incomplete\""u8.ToArray(), "\"response.failed\""u8.ToArray()],
    };

    public bool Ended { get; private set; }

    public void Observe(ReadOnlySpan<byte> chunk)
    {
        if (Ended || chunk.IsEmpty)
        {
            return;
        }

        // The boundary region: the carried tail followed by the chunk's head.
        var head = chunk[..Math.Min(chunk.Length, Tail)];
        head.CopyTo(_carry.AsSpan(_carryLength));
        if (Contains(_carry.AsSpan(0, _carryLength + head.Length)) || Contains(chunk))
        {
            Ended = true;
            return;
        }

        var tail = chunk[Math.Max(0, chunk.Length - Tail)..];
        tail.CopyTo(_carry);
        _carryLength = tail.Length;
    }

    private bool Contains(ReadOnlySpan<byte> data)
    {
        foreach (var marker in _markers)
        {
            if (data.IndexOf(marker) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
