namespace FlowGate.Gateway.Tests;

/// <summary>The README's "Try it" section quotes what the demo prints (<see cref="TryIt"/>), for the default address.</summary>
public sealed class ReadmeTests
{
    [Fact]
    public void Readme_QuotesTheTryItLines()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Docs", "README.md"));
        var baseUrl = ListenAddress.DemoUrl;

        foreach (var line in TryIt.CurlLines(baseUrl).Concat(TryIt.ClaudeCodeLines(baseUrl)).Concat(TryIt.CodexLines(baseUrl)).Where(l => l.Length > 0))
        {
            Assert.Contains(line, readme, StringComparison.Ordinal);
        }

        Assert.Contains("dotnet run --project samples/FlowGate.Gateway", readme, StringComparison.Ordinal);
    }
}
