using System.Buffers;

namespace FlowGate.Config.Binding;

/// <summary>Spells key paths the way the configuration files do: <c>routing."opus4.6"[1].weight</c>.</summary>
internal static class KeyPath
{
    private static readonly SearchValues<char> BareKeyChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    public static string Child(string parent, string key)
    {
        var part = key.Length > 0 && !key.AsSpan().ContainsAnyExcept(BareKeyChars)
            ? key
            : "\"" + key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        return parent.Length == 0 ? part : parent + "." + part;
    }

    public static string Index(string parent, int index) => $"{parent}[{index}]";
}
