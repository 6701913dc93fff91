using System.Text;
using FlowGate.MockUpstream.Requests;

namespace FlowGate.MockUpstream.Replies;

/// <summary>Turns a request into its deterministic <see cref="MockReply"/>.</summary>
internal static class ReplyPlanner
{
    public const string ToolResultPrefix = "mock: tool result received: ";

    /// <summary>The prefix of every thinking signature and encrypted reasoning a mock of this name makes.</summary>
    public static string SignaturePrefix(string name) => "mocksig." + name + ".";

    public static MockReply Plan(MockRequest request, int bodyLength, string requestId, int attempt, ReplySettings settings)
    {
        var text = settings.TextOverride
            ?? (request.ToolResult is { } result ? ToolResultPrefix + Truncate(result, 40)
            : request.Tool is { } tool ? "mock: calling tool " + tool.Name
            : "mock: " + Truncate(request.LastUserText, settings.MaxEchoChars));

        var deltas = Split(text, settings.Deltas);
        var stop = request.Tool is null ? StopKind.EndTurn : StopKind.ToolUse;
        if (request.Tool is null && request.MaxTokens is { } max && max < deltas.Count)
        {
            deltas = [.. deltas.Take(Math.Max(1, max))];
            text = string.Concat(deltas);
            stop = StopKind.MaxTokens;
        }

        var thinkingText = !request.Thinking || request.ThinkingOmitted ? string.Empty : "mock thinking about: " + Truncate(request.LastUserText, 40);
        var idSuffix = Fnv.Hex(Fnv.Hash(requestId + "#" + attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new MockReply
        {
            Model = request.Model,
            IdSuffix = idSuffix,
            Thinking = request.Thinking,
            ThinkingText = thinkingText,
            ThinkingDeltas = thinkingText.Length == 0 ? [] : Split(thinkingText, 2),
            Signature = request.Thinking ? SignaturePrefix(settings.Name) + Fnv.Hex(Fnv.Hash(thinkingText + "|" + text)) : string.Empty,
            ReasoningSummary = request.ReasoningSummary,
            EncryptedReasoning = request.EncryptedReasoning,
            Text = text,
            TextDeltas = deltas,
            Tool = request.Tool,
            ArgumentDeltas = request.Tool is { } call ? Split(call.ArgumentsJson, 3) : [],
            Stop = stop,
            InputTokens = settings.Usage?.Input ?? Math.Max(1, bodyLength / 4),
            UsageOverride = settings.Usage,
            IncludeUsage = request.IncludeUsage,
        };
    }

    /// <summary>Splits a text into at most <paramref name="parts"/> pieces of near-equal length, never inside a surrogate pair.</summary>
    public static IReadOnlyList<string> Split(string text, int parts)
    {
        if (text.Length == 0)
        {
            return [];
        }

        parts = Math.Clamp(parts, 1, text.Length);
        var pieces = new List<string>(parts);
        var start = 0;
        for (var i = 1; i <= parts; i++)
        {
            var end = i == parts ? text.Length : (int)((long)text.Length * i / parts);
            if (end < text.Length && end > 0 && char.IsHighSurrogate(text[end - 1]))
            {
                end++;
            }

            if (end > start)
            {
                pieces.Add(text[start..end]);
                start = end;
            }
        }

        return pieces;
    }

    private static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max > 0 && char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return new StringBuilder(text, 0, Math.Max(0, cut), cut + 1).Append('…').ToString();
    }
}
