using System.Text.RegularExpressions;

namespace FlowGate.MockUpstream.Requests;

/// <summary>The <c>[[tool:NAME]]</c> / <c>[[tool:NAME {json}]]</c> marker in user text, or the same in the <c>x-mock-tool</c> header.</summary>
internal static partial class ToolMarker
{
    public static (string Name, string? Arguments)? Find(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains("[[tool:", StringComparison.Ordinal))
        {
            return null;
        }

        var match = MarkerPattern().Match(text);
        return match.Success ? (match.Groups["name"].Value, match.Groups["args"].Success ? match.Groups["args"].Value : null) : null;
    }

    /// <summary>Every marker of the text, in order (a multi-step tool chain).</summary>
    public static IReadOnlyList<(string Name, string? Arguments)> FindAll(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains("[[tool:", StringComparison.Ordinal))
        {
            return [];
        }

        return [.. MarkerPattern().Matches(text).Select(m => (m.Groups["name"].Value, m.Groups["args"].Success ? m.Groups["args"].Value : (string?)null))];
    }

    public static (string Name, string? Arguments)? FromHeader(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var value = header.Trim();
        var space = value.IndexOfAny([' ', '{']);
        return space < 0 ? (value, null) : (value[..space].Trim(), value[space..].Trim());
    }

    [GeneratedRegex(@"\[\[tool:(?<name>[^\s\]\{]+)(?:\s*(?<args>\{.*?\}))?\s*\]\]", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex MarkerPattern();
}
