using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowGate.Routing.Rewriting;

namespace FlowGate.Routing.Tests.Rewriting;

/// <summary>Runs the rewriter on text and checks that it changed nothing but what it was meant to.</summary>
internal static class RewriteAssert
{
    public static string Rewrite(string body, ClientProtocol protocol, TargetParams parameters, string model = "up", ThinkingEffortTable? table = null) =>
        Encoding.UTF8.GetString(RequestRewriter.Rewrite(Encoding.UTF8.GetBytes(body), protocol, model, parameters, table));

    /// <summary>
    /// Asserts that <paramref name="output"/> is valid JSON equal to <paramref name="input"/> once the touched members
    /// are taken out of both (a holder object left empty or null by that is taken out too).
    /// </summary>
    public static void OnlyTouchedMembersDiffer(byte[] input, byte[] output, IReadOnlyCollection<string> touched)
    {
        var before = Strip(JsonNode.Parse(input, documentOptions: Deep)!.AsObject(), touched);
        var after = Strip(JsonNode.Parse(output, documentOptions: Deep)!.AsObject(), touched);
        Assert.True(JsonNode.DeepEquals(before, after), $"Untouched members differ.\nbefore: {before.ToJsonString()}\nafter:  {after.ToJsonString()}");
    }

    /// <summary>
    /// Asserts that every byte of <paramref name="input"/> outside the touched members (and the commas and whitespace
    /// next to them) appears unchanged and in order in <paramref name="output"/>.
    /// </summary>
    public static void UntouchedBytesKept(byte[] input, byte[] output, IReadOnlyCollection<string> touched)
    {
        var cursor = 0;
        var searchFrom = 0;
        foreach (var (start, end) in TouchedRanges(input, touched))
        {
            searchFrom = FindInOrder(input.AsSpan(cursor, start - cursor), output, searchFrom);
            cursor = end;
        }

        _ = FindInOrder(input.AsSpan(cursor), output, searchFrom);
    }

    private static readonly JsonDocumentOptions Deep = new() { MaxDepth = 256 };

    private static int FindInOrder(ReadOnlySpan<byte> segment, byte[] output, int from)
    {
        var trimmed = segment.Trim(" \t\r\n,"u8);
        if (trimmed.IsEmpty)
        {
            return from;
        }

        var index = output.AsSpan(from).IndexOf(trimmed);
        Assert.True(index >= 0, $"Untouched bytes missing or moved: {Encoding.UTF8.GetString(trimmed)}");
        return from + index + trimmed.Length;
    }

    /// <summary>
    /// Finds the byte ranges (name to end of value) of the touched members, top-level or one level down, plus an empty
    /// range before the closing brace of the body and of each object holding a touched member.
    /// </summary>
    private static List<(int Start, int End)> TouchedRanges(byte[] input, IReadOnlyCollection<string> touched)
    {
        var ranges = new List<(int, int)>();
        var reader = new Utf8JsonReader(input, new JsonReaderOptions { MaxDepth = 256 });
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var start = (int)reader.TokenStartIndex;
            reader.Read();
            if (touched.Contains(name) || (reader.TokenType == JsonTokenType.Null && IsHolder(name, touched)))
            {
                reader.Skip();
                ranges.Add((start, (int)reader.BytesConsumed));
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var child = name + "." + reader.GetString();
                    var childStart = (int)reader.TokenStartIndex;
                    reader.Read();
                    reader.Skip();
                    if (touched.Contains(child))
                    {
                        ranges.Add((childStart, (int)reader.BytesConsumed));
                    }
                }

                if (IsHolder(name, touched))
                {
                    // A member may be added before the closing brace.
                    var closing = (int)reader.BytesConsumed - 1;
                    ranges.Add((closing, closing));
                }
            }
            else
            {
                reader.Skip();
            }
        }

        // New top-level members go before the closing brace.
        ranges.Add(((int)reader.TokenStartIndex, (int)reader.TokenStartIndex));
        return ranges;
    }

    private static bool IsHolder(string name, IReadOnlyCollection<string> touched)
    {
        foreach (var path in touched)
        {
            if (path.StartsWith(name + ".", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static JsonObject Strip(JsonObject root, IReadOnlyCollection<string> touched)
    {
        foreach (var path in touched)
        {
            var dot = path.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                root.Remove(path);
                continue;
            }

            var holder = path[..dot];
            if (root[holder] is JsonObject inner)
            {
                inner.Remove(path[(dot + 1)..]);
            }

            if (root.ContainsKey(holder) && root[holder] is null or JsonObject { Count: 0 })
            {
                root.Remove(holder);
            }
        }

        return root;
    }
}
