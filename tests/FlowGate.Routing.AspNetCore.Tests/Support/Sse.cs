using System.Text;
using System.Text.Json;

namespace FlowGate.Routing.AspNetCore.Tests.Support;

/// <summary>A strict reader of SSE bytes: events end with a blank line, each line is <c>field: value</c>.</summary>
public static class Sse
{
    public static IReadOnlyList<(string? Event, JsonElement Data)> Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        Assert.EndsWith("\n\n", text, StringComparison.Ordinal);
        var events = new List<(string?, JsonElement)>();
        foreach (var block in text[..^2].Split("\n\n"))
        {
            string? name = null;
            string? data = null;
            foreach (var line in block.Split('\n'))
            {
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                Assert.True(colon > 0, $"not an SSE field line: '{line}'");
                var (field, value) = (line[..colon], line[(colon + 2)..]);
                switch (field)
                {
                    case "event":
                        Assert.Null(name);
                        name = value;
                        break;
                    case "data":
                        Assert.Null(data);
                        data = value;
                        break;
                    default:
                        Assert.Fail($"unexpected SSE field '{field}'");
                        break;
                }
            }

            Assert.NotNull(data);
            using var document = JsonDocument.Parse(data);
            events.Add((name, document.RootElement.Clone()));
        }

        return events;
    }
}
