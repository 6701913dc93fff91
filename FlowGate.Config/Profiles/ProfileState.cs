using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowGate.Config.Profiles;

/// <summary>
/// The state file that names the active profile (the LiteLLM-based xgate's <c>state.json</c>: <c>{"current_profile": "balanced",
/// "updated_at": "…"}</c>). Written atomically (a temporary file, then a rename), so a reader never sees half a file.
/// </summary>
public static class ProfileState
{
    /// <summary>Reads the active profile.</summary>
    /// <param name="stateFile">The state file.</param>
    /// <returns>The profile's name, or <see langword="null"/> when the file is absent, unreadable or names none.</returns>
    public static string? ReadActiveProfile(string stateFile)
    {
        ArgumentNullException.ThrowIfNull(stateFile);
        try
        {
            return JsonNode.Parse(File.ReadAllText(stateFile))?["current_profile"]?.GetValue<string>() is { Length: > 0 } name ? name : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Writes the active profile atomically, creating the directory when needed.</summary>
    /// <param name="stateFile">The state file.</param>
    /// <param name="profile">The profile's name.</param>
    /// <param name="time">The clock for <c>updated_at</c>.</param>
    public static void WriteActiveProfile(string stateFile, string profile, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(stateFile);
        ArgumentException.ThrowIfNullOrWhiteSpace(profile);
        ArgumentNullException.ThrowIfNull(time);
        var full = Path.GetFullPath(stateFile);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var json = new JsonObject
        {
            ["current_profile"] = profile,
            ["updated_at"] = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        var temp = $"{full}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(temp, full, overwrite: true);
    }
}
