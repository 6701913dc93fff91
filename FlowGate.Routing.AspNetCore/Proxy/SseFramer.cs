using System.Buffers;
using System.Text.Json;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// Frames a pass-through SSE stream into whole events: bytes are released to the client only up to the
/// last complete event (its blank line), so that an upstream that fails mid-event never leaves half an event in front
/// of FlowGate's terminal error, and every complete event's <c>data:</c> must be JSON (or <c>[DONE]</c>): a malformed
/// event ends the stream with the protocol's error instead of reaching the client.
/// </summary>
internal sealed class SseFramer : IDisposable
{
    /// <summary>The largest single event held back; an upstream that sends more without a blank line is malformed.</summary>
    public const int MaxEventBytes = 32 * 1024 * 1024;

    // Held for the stream's whole life: it starts at the size of a few small events and grows with the largest chunk.
    private byte[] _pending = ArrayPool<byte>.Shared.Rent(1024);
    private int _length;

    /// <summary>Gets the bytes held back: the start of an event whose blank line has not arrived yet.</summary>
    public ReadOnlySpan<byte> Tail => _pending.AsSpan(0, _length);

    /// <summary>Gets a value indicating whether a complete event was not valid SSE JSON.</summary>
    public bool Malformed { get; private set; }

    /// <summary>Adds upstream bytes; returns how many bytes of <see cref="Buffer"/> are complete, valid events to write.</summary>
    /// <returns>The number of leading bytes of <see cref="Buffer"/> to write; the rest stays held.</returns>
    public int Append(ReadOnlySpan<byte> chunk)
    {
        if (_length + chunk.Length > _pending.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_pending.Length * 2, _length + chunk.Length));
            _pending.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_pending);
            _pending = larger;
        }

        chunk.CopyTo(_pending.AsSpan(_length));

        // The held bytes hold no blank line (complete events were consumed), so only the new bytes, and the two before
        // them that a blank line could start in, are searched: framing stays linear however large one event grows.
        var searchFrom = Math.Max(0, _length - 2);
        _length += chunk.Length;
        var end = EndOfLastEvent(_pending.AsSpan(0, _length), searchFrom);
        if ((end > 0 && !AllValid(_pending.AsSpan(0, end))) || _length - end > MaxEventBytes)
        {
            Malformed = true;
            return 0;
        }

        return end;
    }

    /// <summary>Gets the held bytes (complete events first).</summary>
    public ReadOnlyMemory<byte> Buffer => _pending.AsMemory(0, _length);

    /// <summary>Drops the first <paramref name="count"/> bytes, once written.</summary>
    public void Consume(int count)
    {
        _pending.AsSpan(count, _length - count).CopyTo(_pending);
        _length -= count;
    }

    public void Dispose()
    {
        var pending = Interlocked.Exchange(ref _pending, []);
        if (pending.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(pending);
        }
    }

    /// <summary>The end of the last blank line (<c>\n\n</c> or <c>\n\r\n</c>); 0 when no event is complete.</summary>
    private static int EndOfLastEvent(ReadOnlySpan<byte> data, int from)
    {
        for (var i = data.Length - 1; i > from; i--)
        {
            i = from + data[from..(i + 1)].LastIndexOf((byte)'\n');
            if (i <= from)
            {
                break;
            }

            var before = data[i - 1] == '\r' ? i - 2 : i - 1;
            if (before >= 0 && data[before] == '\n')
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static bool AllValid(ReadOnlySpan<byte> events)
    {
        while (events.Length > 0)
        {
            var newline = events.IndexOf((byte)'\n');
            var line = (newline < 0 ? events : events[..newline]).TrimEnd((byte)'\r');
            events = newline < 0 ? [] : events[(newline + 1)..];
            if (!line.StartsWith("data:"u8))
            {
                continue;
            }

            var data = line[5..].Trim((byte)' ');
            if (data.IsEmpty || data.SequenceEqual("[DONE]"u8))
            {
                continue;
            }

            if (!IsJson(data))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsJson(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new Utf8JsonReader(data, new JsonReaderOptions { MaxDepth = 256 });
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
