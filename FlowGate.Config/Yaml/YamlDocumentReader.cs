using System.Globalization;
using System.Text.RegularExpressions;
using FlowGate.Config.Documents;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace FlowGate.Config.Yaml;

/// <summary>
/// Reads one YAML document (JSON included, being valid YAML) into the positioned <see cref="ConfigNode"/> tree, on
/// YamlDotNet's event parser. Mappings become <see cref="ConfigTable"/>s (a duplicate key is an error naming both
/// positions; keys must be scalars), sequences <see cref="ConfigArray"/>s, and scalars are typed by the YAML 1.2
/// core schema: a quoted scalar is always a string; a plain one is null (<c>null</c>, <c>~</c>, nothing), a boolean
/// (<c>true</c>/<c>false</c> in any case), an integer (decimal, <c>0x</c>, <c>0o</c>), a float (<c>.inf</c>,
/// <c>.nan</c> included) or else a string. <c>!!str</c> forces a string; other explicit tags are errors. Anchors and
/// aliases are resolved, with the expanded size bounded (<see cref="MaxNodes"/>) against "billion laughs"; merge
/// keys (<c>&lt;&lt;: *base</c>) are honoured. More than one document, a top level that is not a mapping, and every
/// syntax error end in a <see cref="ConfigSyntaxException"/> with the position; no other exception escapes.
/// </summary>
internal static partial class YamlDocumentReader
{
    /// <summary>The most nodes a document may expand to, aliases counted at their full size.</summary>
    public const int MaxNodes = 100_000;

    /// <summary>The deepest nesting of mappings and sequences accepted.</summary>
    public const int MaxDepth = 200;

    private const string MergeKey = "<<";

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly System.Buffers.SearchValues<char> OctalDigits = System.Buffers.SearchValues.Create("01234567");

    public static ConfigTable Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        var builder = new Builder(file);
        try
        {
            return builder.Read(text);
        }
        catch (ConfigSyntaxException)
        {
            throw;
        }
        catch (YamlException e)
        {
            var message = Clean(e.Message);
            if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstTabIndent(text, file) is { } tab)
            {
                throw new ConfigSyntaxException(tab, "a tab is used for indentation; YAML indents with spaces only.");
            }

            throw new ConfigSyntaxException(builder.At(e.Start), message);
        }
#pragma warning disable CA1031 // The reader's contract is that malformed input yields a ConfigSyntaxException, never anything else.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            throw new ConfigSyntaxException(builder.LastPosition, "the file is not well-formed YAML.");
        }
    }

    /// <summary>Strips YamlDotNet's <c>(Line: 1, Col: 2, Idx: 3) - (…): </c> prefix and tidies the sentence.</summary>
    internal static string Clean(string message)
    {
        var text = MarkPrefix().Replace(message, string.Empty).Trim();
        if (text.Length == 0)
        {
            return "the file is not well-formed YAML.";
        }

        text = char.ToLowerInvariant(text[0]) + text[1..];
        return text.EndsWith('.') ? text : text + ".";
    }

    private static SourcePosition? FirstTabIndent(string text, string file)
    {
        var line = 1;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            var length = (end < 0 ? text.Length : end) - start;
            var indent = text.AsSpan(start, length);
            var column = indent.IndexOfAnyExcept(' ', '\t');
            var leading = column < 0 ? indent : indent[..column];
            if (leading.IndexOf('\t') is var tab and >= 0 && column >= 0)
            {
                return new SourcePosition(file, line, tab + 1);
            }

            if (end < 0)
            {
                break;
            }

            start = end + 1;
            line++;
        }

        return null;
    }

    [GeneratedRegex(@"^\s*\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatNumber();

    private sealed class Builder
    {
        private readonly string _file;
        private readonly Dictionary<string, (ConfigNode Node, int Size)> _anchors = new(StringComparer.Ordinal);
        private int _nodes;

        public Builder(string file) => _file = file;

        public SourcePosition LastPosition { get; private set; }

        public SourcePosition At(Mark mark) => new(_file, Math.Max(1, (int)Math.Min(mark.Line, int.MaxValue)), Math.Max(1, (int)Math.Min(mark.Column, int.MaxValue)));

        public ConfigTable Read(string text)
        {
            LastPosition = new SourcePosition(_file, 1, 1);
            using var reader = new StringReader(text);
            var parser = new Parser(reader);
            Expect<StreamStart>(parser);
            if (Next(parser) is StreamEnd)
            {
                return new ConfigTable(new SourcePosition(_file, 1, 1));
            }

            Expect<DocumentStart>(parser);
            var root = ReadNode(parser, 0);
            Expect<DocumentEnd>(parser);
            var after = Next(parser);
            if (after is not StreamEnd)
            {
                throw new ConfigSyntaxException(At(after.Start), "the file holds more than one YAML document; put everything in one.");
            }

            return root switch
            {
                ConfigTable table => table,
                ConfigScalar { Kind: ScalarKind.Null } => new ConfigTable(root.Position),
                _ => throw new ConfigSyntaxException(root.Position, $"the top level must be a mapping, not {root.Describe()}."),
            };
        }

        private ParsingEvent Next(Parser parser)
        {
            if (!parser.MoveNext())
            {
                throw new ConfigSyntaxException(LastPosition, "the file ends unexpectedly.");
            }

            var current = parser.Current!;
            LastPosition = At(current.Start);
            return current;
        }

        private T Expect<T>(Parser parser)
            where T : ParsingEvent
        {
            var current = parser.Current is T ? parser.Current : Next(parser);
            return current as T ?? throw new ConfigSyntaxException(At(current.Start), "unexpected content.");
        }

        /// <summary>Reads the node that starts at the parser's next event.</summary>
        private ConfigNode ReadNode(Parser parser, int depth)
        {
            var e = Next(parser);
            return ReadNodeFrom(parser, e, depth);
        }

        private ConfigNode ReadNodeFrom(Parser parser, ParsingEvent e, int depth)
        {
            var position = At(e.Start);
            if (depth > MaxDepth)
            {
                throw new ConfigSyntaxException(position, $"the document nests deeper than {MaxDepth} levels.");
            }

            var before = _nodes;
            ConfigNode node;
            AnchorName anchor;
            switch (e)
            {
                case AnchorAlias alias:
                    if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        throw new ConfigSyntaxException(position, $"alias '*{alias.Value.Value}' refers to no anchor defined before it.");
                    }

                    Count(target.Size, position);
                    return target.Node;
                case Scalar scalar:
                    Count(1, position);
                    node = ReadScalar(scalar, position);
                    anchor = scalar.Anchor;
                    break;
                case SequenceStart start:
                    Count(1, position);
                    RejectTag(start.Tag, "tag:yaml.org,2002:seq", position);
                    node = ReadSequence(parser, position, depth);
                    anchor = start.Anchor;
                    break;
                case MappingStart start:
                    Count(1, position);
                    RejectTag(start.Tag, "tag:yaml.org,2002:map", position);
                    node = ReadMapping(parser, position, depth);
                    anchor = start.Anchor;
                    break;
                default:
                    throw new ConfigSyntaxException(position, "unexpected content.");
            }

            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = (node, _nodes - before);
            }

            return node;
        }

        private void Count(int size, SourcePosition position)
        {
            _nodes += size;
            if (_nodes > MaxNodes)
            {
                throw new ConfigSyntaxException(position, $"the document expands to more than {MaxNodes} values (aliases counted in full); is an anchor used recursively or too often?");
            }
        }

        private ConfigArray ReadSequence(Parser parser, SourcePosition position, int depth)
        {
            var array = new ConfigArray(position);
            while (true)
            {
                var e = Next(parser);
                if (e is SequenceEnd)
                {
                    return array;
                }

                array.Add(ReadNodeFrom(parser, e, depth + 1));
            }
        }

        private ConfigTable ReadMapping(Parser parser, SourcePosition position, int depth)
        {
            var table = new ConfigTable(position);
            List<(ConfigTable Source, SourcePosition At)>? merges = null;
            while (true)
            {
                var e = Next(parser);
                if (e is MappingEnd)
                {
                    break;
                }

                var keyPosition = At(e.Start);
                if (e is not Scalar keyScalar)
                {
                    throw new ConfigSyntaxException(keyPosition, "a mapping key must be a plain or quoted scalar, not a mapping, sequence or alias.");
                }

                Count(1, keyPosition);
                var value = ReadNode(parser, depth + 1);
                if (keyScalar.Style == ScalarStyle.Plain && keyScalar.Value == MergeKey)
                {
                    merges ??= [];
                    AddMerge(merges, value);
                    continue;
                }

                var key = keyScalar.Value;
                if (keyScalar.Style == ScalarStyle.Plain && key.Length == 0)
                {
                    throw new ConfigSyntaxException(keyPosition, "a mapping key must not be empty.");
                }

                if (!table.TryAdd(key, keyPosition, value))
                {
                    table.TryGetEntry(key, out var first);
                    throw new ConfigSyntaxException(keyPosition, $"duplicate key '{key}' (first defined at {first!.KeyPosition}).");
                }
            }

            if (merges is not null)
            {
                // Explicit keys win over merged ones; earlier merge sources win over later ones (YAML 1.1 merge).
                foreach (var (source, _) in merges)
                {
                    foreach (var entry in source.Entries)
                    {
                        table.TryAdd(entry.Key, entry.KeyPosition, entry.Value);
                    }
                }
            }

            return table;
        }

        private static void AddMerge(List<(ConfigTable Source, SourcePosition At)> merges, ConfigNode value)
        {
            switch (value)
            {
                case ConfigTable table:
                    merges.Add((table, table.Position));
                    break;
                case ConfigArray array when array.Items.All(i => i is ConfigTable):
                    merges.AddRange(array.Items.Select(i => ((ConfigTable)i, i.Position)));
                    break;
                default:
                    throw new ConfigSyntaxException(value.Position, "a merge key '<<' takes a mapping or a list of mappings.");
            }
        }

        private static void RejectTag(TagName tag, string allowed, SourcePosition position)
        {
            if (!tag.IsEmpty && !tag.IsNonSpecific && tag.Value != allowed)
            {
                throw new ConfigSyntaxException(position, $"YAML tag '{tag.Value}' is not supported here.");
            }
        }

        private static ConfigScalar ReadScalar(Scalar scalar, SourcePosition position)
        {
            var tag = scalar.Tag;
            if (!tag.IsEmpty)
            {
                if (tag.IsNonSpecific || tag.Value == "tag:yaml.org,2002:str")
                {
                    return new ConfigScalar(position, ScalarKind.String, scalar.Value);
                }

                var typed = Plain(scalar.Value, position);
                var expected = tag.Value switch
                {
                    "tag:yaml.org,2002:int" => ScalarKind.Integer,
                    "tag:yaml.org,2002:float" => ScalarKind.Float,
                    "tag:yaml.org,2002:bool" => ScalarKind.Boolean,
                    "tag:yaml.org,2002:null" => ScalarKind.Null,
                    _ => throw new ConfigSyntaxException(position, $"YAML tag '{tag.Value}' is not supported."),
                };
                if (expected == ScalarKind.Float && typed.Kind == ScalarKind.Integer)
                {
                    return new ConfigScalar(position, ScalarKind.Float, (double)(long)typed.Value!);
                }

                return typed.Kind == expected
                    ? typed
                    : throw new ConfigSyntaxException(position, $"'{scalar.Value}' is not a valid {tag.Value["tag:yaml.org,2002:".Length..]}.");
            }

            return scalar.Style == ScalarStyle.Plain
                ? Plain(scalar.Value, position)
                : new ConfigScalar(position, ScalarKind.String, scalar.Value);
        }

        /// <summary>Types a plain scalar by the YAML 1.2 core schema.</summary>
        private static ConfigScalar Plain(string text, SourcePosition position)
        {
            switch (text)
            {
                case "" or "~" or "null" or "Null" or "NULL":
                    return new ConfigScalar(position, ScalarKind.Null, null);
                case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                    return new ConfigScalar(position, ScalarKind.Float, double.PositiveInfinity);
                case "-.inf" or "-.Inf" or "-.INF":
                    return new ConfigScalar(position, ScalarKind.Float, double.NegativeInfinity);
                case ".nan" or ".NaN" or ".NAN":
                    return new ConfigScalar(position, ScalarKind.Float, double.NaN);
            }

            if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
            {
                return new ConfigScalar(position, ScalarKind.Boolean, text.Length == 4);
            }

            if (text.Length > 2 && text[0] == '0' && (text[1] is 'x' or 'o'))
            {
                var digits = text.AsSpan(2);
                var isHex = text[1] == 'x';
                if (isHex ? digits.ContainsAnyExcept(HexDigits) : digits.ContainsAnyExcept(OctalDigits))
                {
                    return new ConfigScalar(position, ScalarKind.String, text);
                }

                try
                {
                    var value = isHex
                        ? checked((long)ulong.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture))
                        : ParseOctal(digits);
                    return new ConfigScalar(position, ScalarKind.Integer, value);
                }
                catch (OverflowException)
                {
                    throw new ConfigSyntaxException(position, $"integer '{text}' is out of range.");
                }
            }

            if (DecimalInteger().IsMatch(text))
            {
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                    ? new ConfigScalar(position, ScalarKind.Integer, l)
                    : new ConfigScalar(position, ScalarKind.Float, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
            }

            if (FloatNumber().IsMatch(text))
            {
                return new ConfigScalar(position, ScalarKind.Float, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
            }

            return new ConfigScalar(position, ScalarKind.String, text);
        }

        private static long ParseOctal(ReadOnlySpan<char> digits)
        {
            long value = 0;
            foreach (var c in digits)
            {
                value = checked((value * 8) + (c - '0'));
            }

            return value;
        }
    }
}
