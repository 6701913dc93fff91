using FlowGate.Config.Toml;

namespace FlowGate.Config.Tests.Toml;

/// <summary>
/// Mutates the valid suite files at random (fixed seed, so a failure reproduces) and checks that the reader either
/// parses the result or rejects it with a <see cref="ConfigSyntaxException"/>, never with anything else.
/// </summary>
public sealed class TomlFuzzTests
{
    private const int MutationsPerFile = 25;

    // Bytes that steer the grammar, plus some that break UTF-8 or are control characters.
    private static readonly byte[] Interesting =
        "[]{}\"'=,.#\\\n\r\t 0123456789+-_:eExobTZtfinau"u8.ToArray().Concat(new byte[] { 0x00, 0x7F, 0xC3, 0xA9, 0xED, 0xA0, 0xFF, 0xEF, 0xBB, 0xBF, 0xF0, 0x9F }).ToArray();

    [Fact]
    public void Parse_MutatedSuiteFiles_ThrowsOnlyConfigSyntaxException()
    {
        var random = new Random(20240601);
        var files = TomlTestSuite.Cases.Where(c => c.StartsWith("valid/", StringComparison.Ordinal)).ToList();
        var cases = 0;
        foreach (var file in files)
        {
            var original = TomlTestSuite.ReadBytes(file);
            for (var i = 0; i < MutationsPerFile; i++)
            {
                var mutated = Mutate(original, random);
                var error = Record.Exception(() => TomlReader.Parse(mutated, file));
                Assert.True(
                    error is null or ConfigSyntaxException,
                    $"{file}, mutation {i}: threw {error?.GetType().Name}: {error}\ninput (base64): {Convert.ToBase64String(mutated)}");
                cases++;
            }
        }

        Assert.Equal(files.Count * MutationsPerFile, cases);
    }

    [Fact]
    public void Parse_MutatedSuiteText_ThrowsOnlyConfigSyntaxException()
    {
        var random = new Random(7);
        foreach (var file in TomlTestSuite.Cases.Where(c => c.StartsWith("valid/", StringComparison.Ordinal)))
        {
            var text = System.Text.Encoding.UTF8.GetString(TomlTestSuite.ReadBytes(file));
            for (var i = 0; i < 10; i++)
            {
                var chars = text.ToList();
                var at = random.Next(chars.Count + 1);
                chars.Insert(at, (char)random.Next(0xD700, 0xE100));
                var mutated = new string([.. chars]);
                var error = Record.Exception(() => TomlReader.Parse(mutated, file));
                Assert.True(error is null or ConfigSyntaxException, $"{file}: threw {error?.GetType().Name}: {error}");
            }
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = original.ToList();
        var edits = 1 + random.Next(3);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(bytes.Count + 1);
            var value = random.Next(2) == 0 ? Interesting[random.Next(Interesting.Length)] : (byte)random.Next(256);
            switch (random.Next(5))
            {
                case 0 when at < bytes.Count:
                    bytes[at] = value;
                    break;
                case 1 when at < bytes.Count:
                    bytes.RemoveAt(at);
                    break;
                case 2 when at < bytes.Count:
                    var length = Math.Min(1 + random.Next(16), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count + 1), bytes.GetRange(at, length));
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    bytes.Insert(at, value);
                    break;
            }
        }

        return [.. bytes];
    }
}
