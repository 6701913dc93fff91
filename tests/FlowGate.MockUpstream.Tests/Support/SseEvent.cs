using System.Text.Json;

namespace FlowGate.MockUpstream.Tests.Support;

/// <summary>One server-sent event: its <c>event:</c> name (or null) and its <c>data:</c> text.</summary>
internal sealed record SseEvent(string? Name, string Data)
{
    public bool IsDone => Data == "[DONE]";

    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Data);
        return document.RootElement.Clone();
    }

    public bool TryJson(out JsonElement json)
    {
        try
        {
            json = Json();
            return true;
        }
        catch (JsonException)
        {
            json = default;
            return false;
        }
    }

    /// <summary>Gets the <c>type</c> of the data object (Anthropic and Responses events carry one).</summary>
    public string? Type => TryJson(out var json) && json.ValueKind == JsonValueKind.Object && json.TryGetProperty("type", out var type) ? type.GetString() : null;
}
