namespace FlowGate.Xgate.Tests;

public sealed class ParsingTests
{
    public static TheoryData<string> Commands() =>
    [
        string.Empty,
        "profile", "profile list", "profile show", "profile set",
        "config", "config validate",
        "generate", "models",
        "route", "route explain",
        "integration", "integration print", "integration apply",
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Help_ForEveryCommand_ExitsZeroAndShowsUsage(string command)
    {
        using var h = new XgateHarness();
        var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append("--help").ToArray();
        var result = h.Run(args);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Out, StringComparison.Ordinal);
        Assert.Contains("--config", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("profile set")]
    [InlineData("route explain")]
    [InlineData("integration print")]
    [InlineData("integration print vscode")]
    [InlineData("integration apply")]
    [InlineData("frobnicate")]
    [InlineData("profile frobnicate")]
    [InlineData("models --yaml")]
    [InlineData("route explain m --protocol grpc")]
    [InlineData("route explain m --draw 1.5")]
    [InlineData("")]
    [InlineData("profile")]
    public void UsageErrors_ExitTwo(string command)
    {
        using var h = new XgateHarness();
        var result = h.Run(command.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, result.ExitCode);
        Assert.NotEmpty(result.Err);
        Assert.Empty(result.Out);
    }

    [Fact]
    public void Help_ListsEveryCommandGroup()
    {
        using var h = new XgateHarness();
        var help = h.Run("--help").Out;
        foreach (var name in new[] { "profile", "config", "generate", "models", "route", "integration" })
        {
            Assert.Contains("  " + name, help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ConfigOption_IsRecursiveAndRelativeToTheWorkingDirectory()
    {
        using var h = new XgateHarness();
        h.UseExampleYaml();
        File.Move(Path.Combine(h.Root, "config", "flowgate.yaml"), Path.Combine(h.Root, "config", "other.yaml"));
        Assert.Equal(0, h.Run("config", "validate", "--config", "config/other.yaml").ExitCode);
        Assert.Equal(0, h.Run("--config", "config/other.yaml", "config", "validate").ExitCode);
    }

    [Fact]
    public void UnknownCommand_SaysOnlyThat()
    {
        using var h = new XgateHarness();
        var result = h.Run("bogus");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'bogus'", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command was not provided", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingConfig_FailsWithOne()
    {
        using var h = new XgateHarness();
        var result = h.Run("models");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no configuration file in", result.Err, StringComparison.Ordinal);
        Assert.Contains("looked for config/flowgate.yaml, providers.toml, config/providers.toml, flowgate.yaml", result.Err, StringComparison.Ordinal);
        Assert.Contains("pass --config FILE", result.Err, StringComparison.Ordinal);
    }
}
