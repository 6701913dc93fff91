using System.Globalization;
using System.Text;

namespace FlowGate.Routing.Rewriting;

/// <summary>
/// Collects edits to a UTF-8 buffer — each a byte range of the source replaced by new text — and applies them all
/// in one copy. Edits may come in any order but must not overlap; an insertion is an edit with an empty range, and
/// a removal one with no text. Reused across requests on a thread.
/// </summary>
internal sealed class Utf8Splicer
{
    private Edit[] _edits = new Edit[16];
    private byte[] _text = new byte[256];
    private int _textLength;

    /// <summary>Gets the number of edits collected.</summary>
    public int Count { get; private set; }

    public void Reset()
    {
        Count = 0;
        _textLength = 0;
    }

    /// <summary>Starts an edit replacing <c>[start, end)</c>; the Append methods supply its text.</summary>
    /// <param name="start">The first source byte replaced.</param>
    /// <param name="end">One past the last source byte replaced; equal to <paramref name="start"/> to insert.</param>
    public void Begin(int start, int end)
    {
        if (Count == _edits.Length)
        {
            Array.Resize(ref _edits, Count * 2);
        }

        _edits[Count++] = new Edit(start, end, _textLength);
    }

    public void Append(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(Reserve(utf8.Length));
        Commit(utf8.Length);
    }

    public void Append(byte value)
    {
        Reserve(1)[0] = value;
        Commit(1);
    }

    public void AppendNumber(int value)
    {
        _ = value.TryFormat(Reserve(11), out var written, default, CultureInfo.InvariantCulture);
        Commit(written);
    }

    /// <summary>Appends <paramref name="value"/> as a JSON string literal, quoted and escaped.</summary>
    /// <param name="value">The text.</param>
    public void AppendString(string value)
    {
        // Six bytes is the longest escape (\u001f); a char outside ASCII takes at most three UTF-8 bytes.
        var destination = Reserve((value.Length * 6) + 2);
        var n = 0;
        destination[n++] = (byte)'"';
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x80)
            {
                var run = i;
                while (run < value.Length && value[run] >= 0x80)
                {
                    run++;
                }

                n += Encoding.UTF8.GetBytes(value.AsSpan(i, run - i), destination[n..]);
                i = run - 1;
            }
            else if (c is '"' or '\\')
            {
                destination[n++] = (byte)'\\';
                destination[n++] = (byte)c;
            }
            else if (c < 0x20)
            {
                "\\u00"u8.CopyTo(destination[n..]);
                destination[n + 4] = HexDigit(c >> 4);
                destination[n + 5] = HexDigit(c & 0xF);
                n += 6;
            }
            else
            {
                destination[n++] = (byte)c;
            }
        }

        destination[n++] = (byte)'"';
        Commit(n);
    }

    /// <summary>Gets the length of the result of applying the edits to a source of <paramref name="sourceLength"/> bytes.</summary>
    /// <param name="sourceLength">The source length.</param>
    /// <returns>The output length.</returns>
    public int OutputLength(int sourceLength)
    {
        var length = sourceLength;
        foreach (var edit in _edits.AsSpan(0, Count))
        {
            length += edit.TextLength - (edit.End - edit.Start);
        }

        return length;
    }

    /// <summary>Writes the source with every edit applied.</summary>
    /// <param name="source">The source the edits refer to.</param>
    /// <param name="destination">Exactly <see cref="OutputLength"/> bytes.</param>
    public void WriteTo(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var edits = _edits.AsSpan(0, Count);
        SortByPosition(edits);
        var cursor = 0;
        var written = 0;
        foreach (var edit in edits)
        {
            if (edit.Start < cursor || edit.End > source.Length)
            {
                throw new InvalidOperationException("Rewrite edits overlap or run past the body; this is a FlowGate bug.");
            }

            source[cursor..edit.Start].CopyTo(destination[written..]);
            written += edit.Start - cursor;
            _text.AsSpan(edit.TextStart, edit.TextLength).CopyTo(destination[written..]);
            written += edit.TextLength;
            cursor = edit.End;
        }

        source[cursor..].CopyTo(destination[written..]);
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);

    /// <summary>Stable insertion sort: few edits, and an insertion must stay before a removal starting at the same byte.</summary>
    private static void SortByPosition(Span<Edit> edits)
    {
        for (var i = 1; i < edits.Length; i++)
        {
            var edit = edits[i];
            var j = i - 1;
            while (j >= 0 && (edits[j].Start > edit.Start || (edits[j].Start == edit.Start && edits[j].End > edit.End)))
            {
                edits[j + 1] = edits[j];
                j--;
            }

            edits[j + 1] = edit;
        }
    }

    private Span<byte> Reserve(int length)
    {
        if (_textLength + length > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + length));
        }

        return _text.AsSpan(_textLength, length);
    }

    private void Commit(int length)
    {
        _textLength += length;
        _edits[Count - 1].TextLength += length;
    }

    private struct Edit(int start, int end, int textStart)
    {
        public readonly int Start = start;
        public readonly int End = end;
        public readonly int TextStart = textStart;
        public int TextLength;
    }
}
