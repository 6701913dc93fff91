using FlowGate.Xgate.Tests.Support;

namespace FlowGate.Xgate.Tests.Commands;

/// <summary>Help (exit 0) and usage errors (exit 2) for every command of the service, status, health, auth and launch groups.</summary>
public sealed class ParsingTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("service", "Supervise")]
    [InlineData("service start", "--timeout")]
    [InlineData("service stop", "--grace")]
    [InlineData("service restart", "--grace")]
    [InlineData("service status", "xgate status")]
    [InlineData("service logs", "--follow")]
    [InlineData("status", "uptime")]
    [InlineData("health", "unhealthy")]
    [InlineData("auth", "OAuth")]
    [InlineData("auth login", "CLIPROXY_MANAGEMENT_KEY")]
    [InlineData("auth import-headless", "--source")]
    [InlineData("auth status", "Never their contents")]
    [InlineData("launch", "--print-env")]
    public async Task Help_EveryCommand_ExitsZeroAndDescribesIt(string command, string expected)
    {
        var result = await XgateProcess.RunAsync(_dir.Path, [.. command.Split(' '), "--help"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(expected, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Root_ListsTheCommandGroups()
    {
        var result = await XgateProcess.RunAsync(_dir.Path, "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var name in (string[])["service", "status", "health", "auth", "launch"])
        {
            Assert.Contains(name, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("service frob")]
    [InlineData("service start --timeout soon")]
    [InlineData("service stop --grace")]
    [InlineData("service logs --lines -1")]
    [InlineData("service start a b")]
    [InlineData("status extra")]
    [InlineData("health --timeout x")]
    [InlineData("auth")]
    [InlineData("auth login")]
    [InlineData("auth login github")]
    [InlineData("auth import-headless codex")]
    [InlineData("auth import-headless claude --source x.json")]
    [InlineData("launch")]
    [InlineData("launch gemini")]
    [InlineData("launch claude --mode cloud")]
    [InlineData("launch claude --auto-upgrade --no-auto-upgrade")]
    public async Task UsageErrors_ExitTwo(string command)
    {
        var result = await XgateProcess.RunAsync(_dir.Path, command.Split(' '));
        Assert.True(result.ExitCode == 2, result.ToString());
    }

    [Fact]
    public async Task UnknownServiceName_IsAUsageError()
    {
        var config = _dir.Write("providers.toml", Configs.ProvidersToml(XgateProcess.FreePort(), XgateProcess.FreePort()));
        foreach (var verb in (string[])["start", "stop", "restart", "logs"])
        {
            var result = await XgateProcess.RunAsync(_dir.Path, "--config", config, "service", verb, "nope");
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("known: all, mock, gateway", result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task MissingConfig_IsAFailureNamingTheFile()
    {
        var result = await XgateProcess.RunAsync(_dir.Path, "--config", Path.Combine(_dir.Path, "nope.yaml"), "status");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nope.yaml", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadConfig_ReportsEveryErrorWithItsPosition()
    {
        var config = _dir.Write("flowgate.yaml", "config_version: 2\nservics: {}\n");
        var result = await XgateProcess.RunAsync(_dir.Path, "--config", config, "service", "start");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("flowgate.yaml:2:", result.Stderr, StringComparison.Ordinal);
    }
}
