namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>Splits an SSE body into (event, data) pairs, as a client would.</summary>
internal static class Sse
{
    public static List<(string? Event, string Data)> Parse(string body)
    {
        var events = new List<(string?, string)>();
        foreach (var block in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? name = null;
            var data = new List<string>();
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Add(line[5..].TrimStart());
                }
            }

            if (name is not null || data.Count > 0)
            {
                events.Add((name, string.Join("\n", data)));
            }
        }

        return events;
    }
}
