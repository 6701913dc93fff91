namespace FlowGate.Routing.Protocols.Streams;

/// <summary>
/// Splits SSE bytes into events as they arrive, whatever the chunk boundaries: lines end in <c>\n</c>, <c>\r\n</c>
/// or <c>\r</c> (also when the <c>\r</c> and <c>\n</c> come in different chunks); a blank line dispatches the event;
/// <c>data:</c> lines are joined with <c>\n</c>; <c>event:</c> is kept as a hint; comments (<c>:</c> keep-alives),
/// <c>id:</c> and <c>retry:</c> are ignored. Buffers are reused across events. Appending only copies the new bytes, so
/// one large event costs linear time; an event (its data so far and the line being read) larger than
/// <see cref="MaxEventBytes"/> stops the stream with <see cref="InvalidDataException"/> instead of growing the buffers.
/// </summary>
internal sealed class SseFramer
{
    /// <summary>The largest event accepted: 32 MiB, the same cap as the pass-through stream's.</summary>
    public const int MaxEventBytes = 32 * 1024 * 1024;

    private byte[] _line = new byte[4096];
    private int _lineLength;
    private byte[] _data = new byte[4096];
    private int _dataLength;
    private bool _hasData;
    private byte[] _event = new byte[64];
    private int _eventLength;
    private bool _skipLineFeed;

    /// <summary>Feeds bytes; calls <paramref name="decoder"/> for every event they complete.</summary>
    /// <param name="bytes">The next bytes.</param>
    /// <param name="decoder">The decoder.</param>
    /// <param name="sink">The decoder's sink.</param>
    public void Feed(ReadOnlySpan<byte> bytes, IStreamDecoder decoder, IStreamEventSink sink)
    {
        while (bytes.Length > 0)
        {
            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (bytes[0] == (byte)'\n')
                {
                    bytes = bytes[1..];
                    continue;
                }
            }

            var end = bytes.IndexOfAny((byte)'\n', (byte)'\r');
            if (end < 0)
            {
                CheckEventSize((long)_dataLength + _lineLength + bytes.Length);
                Append(ref _line, ref _lineLength, bytes);
                return;
            }

            if (_lineLength == 0)
            {
                Line(bytes[..end], decoder, sink);
            }
            else
            {
                CheckEventSize((long)_dataLength + _lineLength + end);
                Append(ref _line, ref _lineLength, bytes[..end]);
                Line(_line.AsSpan(0, _lineLength), decoder, sink);
            }

            _lineLength = 0;
            _skipLineFeed = bytes[end] == (byte)'\r';
            bytes = bytes[(end + 1)..];
        }
    }

    /// <summary>The stream closed: a last line without its newline and an event without its blank line still count.</summary>
    /// <param name="decoder">The decoder.</param>
    /// <param name="sink">The decoder's sink.</param>
    public void Flush(IStreamDecoder decoder, IStreamEventSink sink)
    {
        if (_lineLength > 0)
        {
            Line(_line.AsSpan(0, _lineLength), decoder, sink);
            _lineLength = 0;
        }

        Line([], decoder, sink);
    }

    /// <exception cref="InvalidDataException">The event would be larger than <see cref="MaxEventBytes"/>.</exception>
    private static void CheckEventSize(long bytes)
    {
        if (bytes > MaxEventBytes)
        {
            throw new InvalidDataException($"an upstream event is larger than {MaxEventBytes / (1024 * 1024)} MiB.");
        }
    }

    private static void Append(ref byte[] buffer, ref int length, ReadOnlySpan<byte> bytes)
    {
        if (length + bytes.Length > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + bytes.Length));
        }

        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }

    private void Line(ReadOnlySpan<byte> line, IStreamDecoder decoder, IStreamEventSink sink)
    {
        if (line.IsEmpty)
        {
            if (_hasData)
            {
                _hasData = false;
                var length = _dataLength;
                _dataLength = 0;
                decoder.Decode(_event.AsSpan(0, _eventLength), _data.AsSpan(0, length), sink);
            }

            _eventLength = 0;
            return;
        }

        if (line[0] == (byte)':')
        {
            return;
        }

        var colon = line.IndexOf((byte)':');
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? [] : line[(colon + 1)..];
        if (value.Length > 0 && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        if (field.SequenceEqual("data"u8))
        {
            CheckEventSize((long)_dataLength + value.Length + 1);
            if (_hasData)
            {
                Append(ref _data, ref _dataLength, "\n"u8);
            }

            Append(ref _data, ref _dataLength, value);
            _hasData = true;
        }
        else if (field.SequenceEqual("event"u8))
        {
            _eventLength = 0;
            Append(ref _event, ref _eventLength, value);
        }
    }
}
