using FlowGate.Config.Binding;
using FlowGate.Config.Documents;

namespace FlowGate.Config.Profiles;

/// <summary>
/// Lays a profile over <c>litellm_base</c> the way the LiteLLM-based xgate's <c>merge_dicts</c> does: mappings merge key by key, at
/// every depth; a list or scalar of the profile replaces the base's value whole (lists are not concatenated); keys only
/// the profile has are added after the base's. Builds a new tree and leaves both inputs untouched; a value taken from
/// the profile keeps the profile's position, so an error in it points at the profile's line.
/// </summary>
internal static class ProfileOverlay
{
    /// <summary>Overlays <paramref name="profile"/> on <paramref name="baseTable"/>.</summary>
    /// <param name="baseTable">The base (<c>litellm_base</c>).</param>
    /// <param name="profile">The profile's table.</param>
    /// <returns>The merged tree.</returns>
    public static ConfigTable Apply(ConfigTable baseTable, ConfigTable profile) =>
        Apply(baseTable, profile, string.Empty, new Dictionary<ConfigNode, string>(ReferenceEqualityComparer.Instance));

    /// <summary>Overlays <paramref name="profile"/> on <paramref name="baseTable"/>, noting where each taken value was written.</summary>
    /// <param name="baseTable">The base.</param>
    /// <param name="profile">The profile's table.</param>
    /// <param name="profilePath">The profile's key path (<c>profiles.cost</c>).</param>
    /// <param name="origins">Receives, for each value taken from the profile, its key path in the file.</param>
    /// <returns>The merged tree.</returns>
    public static ConfigTable Apply(ConfigTable baseTable, ConfigTable profile, string profilePath, IDictionary<ConfigNode, string> origins)
    {
        ArgumentNullException.ThrowIfNull(baseTable);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(origins);
        var merged = new ConfigTable(baseTable.Position);
        foreach (var entry in baseTable.Entries)
        {
            merged.TryAdd(entry.Key, entry.KeyPosition, entry.Value);
        }

        foreach (var entry in profile.Entries)
        {
            var path = KeyPath.Child(profilePath, entry.Key);
            if (merged.TryGetEntry(entry.Key, out var existing))
            {
                if (existing.Value is ConfigTable baseChild && entry.Value is ConfigTable profileChild)
                {
                    merged.Replace(entry.Key, existing.KeyPosition, Apply(baseChild, profileChild, path, origins));
                }
                else
                {
                    origins[entry.Value] = path;
                    merged.Replace(entry.Key, entry.KeyPosition, entry.Value);
                }
            }
            else
            {
                origins[entry.Value] = path;
                merged.TryAdd(entry.Key, entry.KeyPosition, entry.Value);
            }
        }

        return merged;
    }
}
