using System.Text.Json;

namespace FlowGate.TestUtils;

/// <summary>
/// The real requests Claude Code 2.1.330 and Codex 0.169.0 sent (prose replaced by filler), copied from
/// <c>shared/fixtures/clients</c> into <c>tests/Fixtures</c> so the repository stays self-contained.
/// </summary>
public static class ClientFixtures
{
    public const string ClaudeCode = "claude-code-2.1.330-request.json";
    public const string Codex = "codex-0.169.0-request.json";

    /// <summary>Gets the request body as compact UTF-8 JSON, the form the client sent it in.</summary>
    public static byte[] Body(string name) => JsonSerializer.SerializeToUtf8Bytes(Capture(name).GetProperty("body"));

    /// <summary>Gets every request header of the capture, names as the client wrote them.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(string name) =>
        [.. Capture(name).GetProperty("headers").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString() ?? string.Empty))];

    /// <summary>Gets one request header of the capture, matched case-insensitively.</summary>
    public static string? Header(string name, string header)
    {
        foreach (var property in Capture(name).GetProperty("headers").EnumerateObject())
        {
            if (string.Equals(property.Name, header, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.GetString();
            }
        }

        return null;
    }

    private static JsonElement Capture(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    }
}
