using FlowGate.Config.Documents;
using Tomlyn;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace FlowGate.Config.Toml;

/// <summary>
/// Reads TOML 1.1 documents (with Tomlyn) into <see cref="ConfigTable"/> trees whose every node and key knows where it
/// was written. Any input that is not a valid TOML document, whatever it contains, fails with a
/// <see cref="ConfigSyntaxException"/> that lists every error Tomlyn found, each with its line and column.
/// </summary>
/// <remarks>
/// Integers are <see cref="long"/>, floats <see cref="double"/>; date/time values keep their text as written, with the
/// date/time separator as <c>T</c>, <c>T</c>/<c>Z</c> in upper case and the seconds spelled out (TOML 1.1 lets a time
/// omit them). Line breaks inside multi-line strings are returned as <c>\n</c> whether the file uses LF or CRLF.
/// Arrays and inline tables may nest up to <see cref="MaxDepth"/> deep. Columns count Unicode characters.
/// </remarks>
public static class TomlReader
{
    /// <summary>How deep arrays and inline tables may nest.</summary>
    public const int MaxDepth = 128;

    // Tomlyn counts the document itself as one level.
    private static readonly TomlSerializerOptions Options = new() { MaxDepth = MaxDepth + 1 };

    /// <summary>Parses a TOML document.</summary>
    /// <param name="text">The document; a leading byte order mark is ignored.</param>
    /// <param name="file">The file's name for positions and messages.</param>
    /// <returns>The root table.</returns>
    /// <exception cref="ConfigSyntaxException">The text is not a valid TOML document.</exception>
    public static ConfigTable Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        return ParseDocument(text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text, file);
    }

    /// <summary>Parses a TOML document from its UTF-8 bytes.</summary>
    /// <param name="utf8">The document's bytes; a leading UTF-8 byte order mark is ignored.</param>
    /// <param name="file">The file's name for positions and messages.</param>
    /// <returns>The root table.</returns>
    /// <exception cref="ConfigSyntaxException">The bytes are not valid UTF-8, or not a valid TOML document.</exception>
    public static ConfigTable Parse(ReadOnlySpan<byte> utf8, string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return ParseDocument(StrictUtf8.Decode(utf8, file), file);
    }

    // The text after its byte order mark, if it had one: a second one is content, and an error.
    private static ConfigTable ParseDocument(string text, string file)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            throw new ConfigSyntaxException(new SourcePosition(file, 1, 1), "a second byte order mark at the start of the file");
        }

        DocumentSyntax document;
        try
        {
            document = SyntaxParser.Parse(text, Options, file, validate: true);
        }
        catch (TomlException e)
        {
            // Tomlyn stops with an exception (not a diagnostic) when values nest past the limit.
            var position = new SourcePosition(file, Math.Max(e.Line ?? 1, 1), Math.Max(e.Column ?? 1, 1));
            var reason = e.Message.Contains("maximum depth", StringComparison.Ordinal)
                ? $"arrays and inline tables are nested too deeply (the limit is {MaxDepth} levels)"
                : e.Message;
            throw new ConfigSyntaxException(position, reason);
        }
#pragma warning disable CA1031 // The reader's contract: malformed input yields a ConfigSyntaxException, never anything else.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            // Tomlyn 2.11 lets a few malformed inputs escape as other exceptions (an escape that names a surrogate
            // code point in a quoted key: ArgumentOutOfRangeException).
            throw new ConfigSyntaxException(new SourcePosition(file, 1, 1), $"the file is not valid TOML ({e.Message})");
        }

        if (document.HasErrors)
        {
            throw new ConfigSyntaxException(TomlDiagnostics.Errors(document, file));
        }

        return new TomlDocumentBuilder(file).Build(document);
    }
}
