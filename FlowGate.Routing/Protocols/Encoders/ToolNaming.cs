using System.Security.Cryptography;
using System.Text;

namespace FlowGate.Routing.Protocols.Encoders;

/// <summary>
/// Tool names on the wire: Chat and Responses take <c>[A-Za-z0-9_-]{1,64}</c> (Anthropic the same or more), so a
/// longer name or one with other characters (MCP names such as <c>mcp:server.tool</c>) becomes its first 55
/// characters, each outside the set replaced by <c>_</c>, then <c>_</c> and 8 hex digits of the SHA-256 of the
/// whole UTF-8 name (LiteLLM's rule). The hash keeps two names that sanitise alike apart, and
/// being deterministic it gives the same wire name to the definition, the history's calls and the tool choice.
/// </summary>
internal static class ToolNaming
{
    public const int MaxLength = 64;

    private const int PrefixLength = 55;

    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > MaxLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsAllowed(c))
            {
                return false;
            }
        }

        return true;
    }

    public static string Wire(string name)
    {
        if (IsValid(name))
        {
            return name;
        }

        var prefix = new StringBuilder(PrefixLength + 9);
        foreach (var c in name.AsSpan(0, Math.Min(PrefixLength, name.Length)))
        {
            prefix.Append(IsAllowed(c) ? c : '_');
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return prefix.Append('_').Append(Convert.ToHexStringLower(hash.AsSpan(0, 4))).ToString();
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
}
