namespace FlowGate.Benchmarks;

/// <summary>The embedded fixtures: the real Claude Code and Codex requests and two captured upstream streams.</summary>
internal static class Fixtures
{
    /// <summary>Gets the 49 KB Claude Code request body, compact as the client sends it.</summary>
    public static byte[] ClaudeCode => Body("claude-code.json");

    /// <summary>Gets the 40 KB Codex request body.</summary>
    public static byte[] Codex => Body("codex.json");

    public static byte[] ChatStream => Read("chat-stream.sse");

    public static byte[] AnthropicStream => Read("anthropic-stream.sse");

    /// <summary>Splits an SSE capture into its events (each ending with its blank line), as an upstream sends them.</summary>
    public static byte[][] Events(byte[] sse)
    {
        var events = new List<byte[]>();
        var start = 0;
        for (var i = 0; i + 1 < sse.Length; i++)
        {
            if (sse[i] == '\n' && sse[i + 1] == '\n')
            {
                events.Add(sse[start..(i + 2)]);
                start = i + 2;
                i++;
            }
        }

        if (start < sse.Length && sse.AsSpan(start).Trim("\r\n"u8).Length > 0)
        {
            events.Add(sse[start..]);
        }

        return [.. events];
    }

    private static byte[] Body(string name)
    {
        using var document = System.Text.Json.JsonDocument.Parse(Read(name));
        return System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(document.RootElement.GetProperty("body"));
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(Fixtures).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"missing fixture {name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
