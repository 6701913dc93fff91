using System.Text.Json;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// Watches the complete events of a committed pass-through stream for its protocol's proper end, so that an upstream
/// that just closes gets a terminal error instead of a clean end that looks complete. The end is recognised per parsed
/// event, never by a substring that model text could contain: a Chat <c>data: [DONE]</c> line; an Anthropic event of
/// type <c>message_stop</c>; a Responses event of type <c>response.completed</c>, <c>response.incomplete</c> or
/// <c>response.failed</c> (the <c>event:</c> line or the data's top-level <c>type</c>).
/// </summary>
internal sealed class StreamEndWatch(ClientProtocol protocol)
{
    public bool Ended { get; private set; }

    /// <summary>Looks at whole events (lines ending in a blank line), or at a last event whose blank line never came.</summary>
    public void Observe(ReadOnlySpan<byte> events)
    {
        while (!Ended && events.Length > 0)
        {
            var newline = events.IndexOf((byte)'\n');
            var line = (newline < 0 ? events : events[..newline]).TrimEnd((byte)'\r');
            events = newline < 0 ? [] : events[(newline + 1)..];
            if (line.StartsWith("event:"u8))
            {
                Ended = IsTerminalType(line[6..].Trim((byte)' '));
            }
            else if (line.StartsWith("data:"u8))
            {
                var data = line[5..].Trim((byte)' ');
                Ended = protocol == ClientProtocol.OpenAIChat ? data.SequenceEqual("[DONE]"u8) : IsTerminalType(TopLevelType(data));
            }
        }
    }

    private bool IsTerminalType(ReadOnlySpan<byte> type) => protocol switch
    {
        ClientProtocol.AnthropicMessages => type.SequenceEqual("message_stop"u8),
        ClientProtocol.OpenAIChat => false,
        _ => type.SequenceEqual("response.completed"u8) || type.SequenceEqual("response.incomplete"u8) || type.SequenceEqual("response.failed"u8),
    };

    /// <summary>The top-level <c>type</c> of an event's JSON (empty when it has none or is not JSON).</summary>
    private static ReadOnlySpan<byte> TopLevelType(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return [];
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                reader.Read();
                if (isType && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
                {
                    return reader.ValueSpan;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON: not a terminator.
        }

        return [];
    }
}
