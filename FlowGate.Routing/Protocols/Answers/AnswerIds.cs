using System.Globalization;
using System.Text;

namespace FlowGate.Routing.Protocols.Answers;

/// <summary>
/// Deterministic ids for translated answers (the core draws no randomness). The upstream's answer id, stripped of
/// its protocol prefix (<c>msg_</c>, <c>resp_</c>, <c>chatcmpl-</c>) and of characters outside
/// <c>[A-Za-z0-9_-]</c>, is the <em>base</em>; the client's ids are <c>msg_{base}</c>, <c>resp_{base}</c>,
/// <c>chatcmpl-{base}</c>, Responses items <c>msg_{base}_{i}</c>, <c>rs_{base}_{i}</c>, <c>fc_{base}_{i}</c>
/// (<c>i</c> = output index), and a tool call the upstream gave no id <c>call_{base}_{n}</c> /
/// <c>toolu_{base}_{n}</c> (<c>n</c> = the call's ordinal). An upstream without an id gives the base
/// <c>flowgate</c>. The same upstream answer therefore always translates to the same ids, streamed or not.
/// With a per-request suffix (<see cref="TranslationContext.AnswerIdSuffix"/>, drawn by the host) the base becomes
/// <c>{base}_{suffix}</c>, or the suffix alone when the upstream gave no id: upstreams that omit the id or send the same
/// one every time would otherwise give consecutive answers one id, and Claude Code merges assistant turns that share
/// an id (two turns' tool calls then reach the upstream as parallel calls).
/// </summary>
internal static class AnswerIds
{
    private const string DefaultBase = "flowgate";

    public static string Base(string? upstreamId, string? suffix)
    {
        var idBase = Base(upstreamId);
        var clean = string.IsNullOrEmpty(suffix) ? string.Empty : Sanitize(suffix);
        if (clean.Length == 0)
        {
            return idBase;
        }

        return ReferenceEquals(idBase, DefaultBase) ? clean : string.Concat(idBase, "_", clean);
    }

    public static string Base(string? upstreamId)
    {
        if (string.IsNullOrEmpty(upstreamId))
        {
            return DefaultBase;
        }

        var id = upstreamId.AsSpan();
        foreach (var prefix in (ReadOnlySpan<string>)["chatcmpl-", "chatcmpl_", "resp_", "msg_"])
        {
            if (id.StartsWith(prefix, StringComparison.Ordinal))
            {
                id = id[prefix.Length..];
                break;
            }
        }

        var clean = Sanitize(id);
        return clean.Length == 0 ? DefaultBase : clean;
    }

    public static string Anthropic(string idBase) => "msg_" + idBase;

    public static string Responses(string idBase) => "resp_" + idBase;

    public static string Chat(string idBase) => "chatcmpl-" + idBase;

    public static string Item(string prefix, string idBase, int outputIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}_{idBase}_{outputIndex}");

    /// <summary>The call id a client sees: the upstream's, or a derived one when it gave none.</summary>
    /// <param name="upstreamId">The upstream's call id.</param>
    /// <param name="idBase">The answer's id base.</param>
    /// <param name="ordinal">The call's ordinal in the answer.</param>
    /// <param name="anthropic">Whether the client is Anthropic (ids must match <c>^[a-zA-Z0-9_-]+$</c>).</param>
    /// <returns>The id.</returns>
    public static string ToolCall(string? upstreamId, string idBase, int ordinal, bool anthropic)
    {
        if (!string.IsNullOrEmpty(upstreamId))
        {
            return anthropic ? Sanitize(upstreamId) : upstreamId;
        }

        return Item(anthropic ? "toolu" : "call", idBase, ordinal);
    }

    /// <summary>Replaces every character outside <c>[A-Za-z0-9_-]</c> with <c>_</c> (CLIProxyAPI <c>SanitizeClaudeToolID</c>).</summary>
    /// <param name="id">The id.</param>
    /// <returns>The sanitised id, unchanged (same instance) when it was already clean.</returns>
    public static string Sanitize(ReadOnlySpan<char> id)
    {
        var clean = true;
        foreach (var c in id)
        {
            if (!IsIdChar(c))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return id.ToString();
        }

        var builder = new StringBuilder(id.Length);
        foreach (var c in id)
        {
            _ = builder.Append(IsIdChar(c) ? c : '_');
        }

        return builder.ToString();
    }

    public static bool IsIdChar(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-';
}
