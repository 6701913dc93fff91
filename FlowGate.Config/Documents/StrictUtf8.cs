using System.Buffers;
using System.Text.Unicode;

namespace FlowGate.Config.Documents;

/// <summary>Decodes a configuration file's bytes, rejecting invalid UTF-8 with its position instead of replacing it silently.</summary>
internal static class StrictUtf8
{
    public static string Decode(ReadOnlySpan<byte> utf8, string file)
    {
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        var buffer = new char[utf8.Length];
        var status = Utf8.ToUtf16(utf8, buffer, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
        if (status == OperationStatus.Done)
        {
            return new string(buffer, 0, charsWritten);
        }

        var before = utf8[..bytesRead];
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var column = System.Text.Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
        throw new ConfigSyntaxException(new SourcePosition(file, line, column), $"the file is not valid UTF-8 (invalid byte 0x{utf8[bytesRead]:X2})");
    }
}
