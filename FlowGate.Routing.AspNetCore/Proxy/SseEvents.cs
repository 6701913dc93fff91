using System.Text;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// Just enough of SSE for a pass-through gateway: where the first event ends, whether it is an error (a
/// stream whose first event is an error is a failed attempt), and whether a stream ended with its protocol's terminator.
/// </summary>
internal static class SseEvents
{
    /// <summary>Finds the end of the first event (the blank line after it); -1 when not yet complete.</summary>
    public static int EndOfFirstEvent(ReadOnlySpan<byte> data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] != '\n')
            {
                continue;
            }

            // A blank line: "\n\n" or "\n\r\n". Leading comment lines (": keep-alive") end with one too, but a
            // comment-only block is not an event, so keep looking past it.
            var next = i + 1 < data.Length && data[i + 1] == '\r' ? i + 2 : i + 1;
            if (next < data.Length && data[next] == '\n')
            {
                var block = data[..i];
                if (!IsCommentOnly(block))
                {
                    return next + 1;
                }
            }
        }

        return -1;
    }

    /// <summary>Tells whether an event (its bytes up to the blank line) reports an error instead of an answer.</summary>
    public static bool IsError(ReadOnlySpan<byte> sseEvent)
    {
        foreach (var bytes in Lines(sseEvent))
        {
            var line = bytes.AsSpan();
            if (line.StartsWith("event:"u8))
            {
                var name = line["event:"u8.Length..].Trim((byte)' ');
                if (name.SequenceEqual("error"u8) || name.SequenceEqual("response.failed"u8))
                {
                    return true;
                }
            }
            else if (line.StartsWith("data:"u8))
            {
                var data = line["data:"u8.Length..].TrimStart((byte)' ');

                // Anthropic {"type":"error",…}; Responses {"type":"response.failed"|"error",…}; Chat {"error":{…}}.
                if (data.StartsWith("{\"type\":\"error\""u8) || data.StartsWith("{\"type\":\"response.failed\""u8) || data.StartsWith("{\"error\""u8))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public static string Describe(ReadOnlySpan<byte> sseEvent) => Encoding.UTF8.GetString(sseEvent[..Math.Min(sseEvent.Length, 200)]);

    private static bool IsCommentOnly(ReadOnlySpan<byte> block)
    {
        foreach (var line in Lines(block))
        {
            if (line.Length > 0 && line[0] != (byte)':')
            {
                return false;
            }
        }

        return true;
    }

    private static List<byte[]> Lines(ReadOnlySpan<byte> block)
    {
        var lines = new List<byte[]>();
        while (block.Length > 0)
        {
            var end = block.IndexOf((byte)'\n');
            var line = end < 0 ? block : block[..end];
            lines.Add(line.TrimEnd((byte)'\r').ToArray());
            block = end < 0 ? [] : block[(end + 1)..];
        }

        return lines;
    }
}
