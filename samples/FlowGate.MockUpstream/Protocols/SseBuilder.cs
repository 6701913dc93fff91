using System.Buffers;
using System.Text;
using System.Text.Json;

namespace FlowGate.MockUpstream.Protocols;

/// <summary>Renders SSE events one after the other: <see cref="Begin"/>, write the JSON data, <see cref="End"/>.</summary>
internal sealed class SseBuilder : IDisposable
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventSeparator = "\n\n"u8.ToArray();

    private readonly JsonBuffer _json = new();
    private readonly List<byte[]> _events = [];

    public IReadOnlyList<byte[]> Events => _events;

    public Utf8JsonWriter Begin(string? eventName)
    {
        _json.Clear();
        if (eventName is not null)
        {
            _json.Buffer.Write(Encoding.UTF8.GetBytes("event: " + eventName + "\n"));
        }

        _json.Buffer.Write(DataPrefix);
        _json.Writer.Reset(_json.Buffer);
        return _json.Writer;
    }

    public void End()
    {
        _json.Writer.Flush();
        _json.Buffer.Write(EventSeparator);
        _events.Add(_json.Buffer.WrittenSpan.ToArray());
    }

    public void Raw(string? eventName, string data) => _events.Add(Render(eventName, data));

    public static byte[] Render(string? eventName, string data) =>
        Encoding.UTF8.GetBytes((eventName is null ? string.Empty : "event: " + eventName + "\n") + "data: " + data + "\n\n");

    public void Dispose() => _json.Dispose();
}
