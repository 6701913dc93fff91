namespace FlowGate.MockUpstream.Tests.Support;

/// <summary>Reads server-sent events one at a time from a response stream.</summary>
internal sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream);

    /// <summary>Reads the next event, or null at the end of the stream.</summary>
    public async Task<SseEvent?> ReadAsync(CancellationToken cancellationToken = default)
    {
        string? name = null;
        var data = new List<string>();
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0 || name is not null)
                {
                    return new SseEvent(name, string.Join('\n', data));
                }

                continue;
            }

            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Add(line[5..].TrimStart());
            }
        }

        return data.Count > 0 ? new SseEvent(name, string.Join('\n', data)) : null;
    }

    public async Task<List<SseEvent>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        var events = new List<SseEvent>();
        while (await ReadAsync(cancellationToken) is { } e)
        {
            events.Add(e);
        }

        return events;
    }

    public void Dispose() => _reader.Dispose();
}
