using System.Text.Json;

namespace FlowGate.MockUpstream.Strict;

/// <summary>Small readers shared by the strict rules.</summary>
internal static class StrictJson
{
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool Has(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public static bool TryArray(JsonElement element, string name, out JsonElement array) =>
        element.TryGetProperty(name, out array) && array.ValueKind == JsonValueKind.Array;
}
