using System.Text.RegularExpressions;

namespace FlowGate.Routing.AspNetCore.Tests.Support;

/// <summary>Checks text against the Prometheus exposition format 0.0.4, line by line, and reads samples back.</summary>
public static partial class PrometheusFormat
{
    public static void AssertValid(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var typed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text[..^1].Split('\n'))
        {
            if (line.StartsWith('#'))
            {
                var comment = CommentLine().Match(line);
                Assert.True(comment.Success, $"bad comment line: '{line}'");
                if (comment.Groups["kind"].Value == "TYPE")
                {
                    Assert.True(typed.Add(comment.Groups["name"].Value), $"TYPE twice for {comment.Groups["name"].Value}");
                }

                continue;
            }

            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"bad sample line: '{line}'");
            var name = sample.Groups["name"].Value;
            Assert.True(typed.Contains(name) || typed.Contains(Family(name)), $"sample before its TYPE: '{line}'");
        }
    }

    /// <summary>Gets the value of the sample written exactly as <paramref name="series"/> (name and labels).</summary>
    public static double? Value(string text, string series)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                var value = line[(series.Length + 1)..];
                return value == "+Inf" ? double.PositiveInfinity : double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static string Family(string name)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    [GeneratedRegex(@"^# (?<kind>HELP|TYPE) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)( (counter|gauge|histogram|summary|untyped)$| .*$)")]
    private static partial Regex CommentLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*=""(\\[\\""n]|[^""\\\n])*""(,[a-zA-Z_][a-zA-Z0-9_]*=""(\\[\\""n]|[^""\\\n])*"")*\})? (\+Inf|-Inf|NaN|-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?)$")]
    private static partial Regex SampleLine();
}
