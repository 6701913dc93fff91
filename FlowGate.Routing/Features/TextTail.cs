using System.Buffers;
using System.Text.Unicode;

namespace FlowGate.Routing.Features;

/// <summary>
/// Collects text and keeps only its last <c>capacity</c> characters, in memory proportional to the capacity rather
/// than to the text: a 25 MiB prompt costs no 50 MiB of characters to keep 4,096 of them. Text arrives as the raw
/// UTF-8 of JSON strings (escaped or not) and is decoded on the way in; text that would be pushed out at once is
/// never decoded.
/// </summary>
internal sealed class TextTail : IDisposable
{
    private readonly int _capacity;
    private char[] _buffer;
    private int _length;

    public TextTail(int capacity)
    {
        _capacity = capacity;

        // Twice the capacity, so that making room (keeping the last capacity characters) is one copy per capacity
        // characters appended.
        _buffer = ArrayPool<char>.Shared.Rent(capacity * 2);
    }

    /// <summary>Gets whether any character has been appended (the tail may still be short).</summary>
    public bool IsEmpty { get; private set; } = true;

    /// <summary>Appends one character.</summary>
    public void Append(char value)
    {
        MakeRoom();
        _buffer[_length++] = value;
        IsEmpty = false;
    }

    /// <summary>Appends the raw bytes of a JSON string's value (between its quotes), unescaping when <paramref name="escaped"/>.</summary>
    public void AppendJsonString(ReadOnlySpan<byte> raw, bool escaped)
    {
        if (!escaped)
        {
            AppendUtf8(raw);
            return;
        }

        // The reader has validated the escapes: each backslash starts one of \" \\ \/ \b \f \n \r \t \uXXXX.
        while (!raw.IsEmpty)
        {
            var backslash = raw.IndexOf((byte)'\\');
            if (backslash < 0)
            {
                AppendUtf8(raw);
                return;
            }

            AppendUtf8(raw[..backslash]);
            var kind = raw[backslash + 1];
            if (kind == (byte)'u')
            {
                // A surrogate pair arrives as two escapes, each appended as its own UTF-16 unit.
                Append((char)ParseHex(raw.Slice(backslash + 2, 4)));
                raw = raw[(backslash + 6)..];
                continue;
            }

            Append(kind switch
            {
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                _ => (char)kind, // \" \\ \/
            });
            raw = raw[(backslash + 2)..];
        }
    }

    /// <summary>Appends UTF-8 text (invalid sequences become U+FFFD).</summary>
    public void AppendUtf8(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return;
        }

        IsEmpty = false;

        // A UTF-8 sequence is at most 4 bytes and gives at least one UTF-16 unit, so the last 4 × capacity bytes alone
        // fill the tail: what comes before them would be pushed out. Start that slice on a character boundary.
        if (utf8.Length > _capacity * 4)
        {
            utf8 = utf8[^(_capacity * 4)..];
            while (!utf8.IsEmpty && (utf8[0] & 0xC0) == 0x80)
            {
                utf8 = utf8[1..];
            }
        }

        while (!utf8.IsEmpty)
        {
            MakeRoom();
            _ = Utf8.ToUtf16(utf8, _buffer.AsSpan(_length), out var read, out var written);
            _length += written;
            utf8 = utf8[read..];
        }
    }

    /// <summary>The last characters appended, at most the capacity, never starting with half a surrogate pair.</summary>
    public override string ToString()
    {
        var start = Math.Max(0, _length - _capacity);
        if (start > 0 && char.IsLowSurrogate(_buffer[start]))
        {
            start++;
        }

        return new string(_buffer, start, _length - start);
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static int ParseHex(ReadOnlySpan<byte> hex)
    {
        var value = 0;
        foreach (var digit in hex)
        {
            value = (value << 4) | (digit switch
            {
                >= (byte)'0' and <= (byte)'9' => digit - '0',
                >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
                _ => digit - 'A' + 10,
            });
        }

        return value;
    }

    private void MakeRoom()
    {
        // Keep room for at least 4 more units; when the buffer is that full, keep only the last capacity characters.
        if (_length + 4 <= _buffer.Length)
        {
            return;
        }

        var keep = Math.Min(_length, _capacity);
        Array.Copy(_buffer, _length - keep, _buffer, 0, keep);
        _length = keep;
    }
}
