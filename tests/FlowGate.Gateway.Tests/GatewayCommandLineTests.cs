namespace FlowGate.Gateway.Tests;

public sealed class GatewayCommandLineTests
{
    [Fact]
    public void Parse_NoArguments_IsTheDemo()
    {
        var line = GatewayCommandLine.Parse([]);

        Assert.Null(line.ConfigPath);
        Assert.False(line.Help);
        Assert.Empty(line.HostArgs);
    }

    [Theory]
    [InlineData("--config", "a.toml")]
    [InlineData("-c", "a.toml")]
    [InlineData("--config=a.toml", null)]
    public void Parse_Config_TakesTheFile(string first, string? second)
    {
        var line = GatewayCommandLine.Parse(second is null ? [first] : [first, second]);

        Assert.Equal("a.toml", line.ConfigPath);
    }

    [Fact]
    public void Parse_LeavesAspNetArgumentsAlone()
    {
        var line = GatewayCommandLine.Parse(["--urls", "http://127.0.0.1:5000", "--config", "x.yaml", "--Logging:LogLevel:Default=Debug"]);

        Assert.Equal("x.yaml", line.ConfigPath);
        Assert.Equal(["--urls", "http://127.0.0.1:5000", "--Logging:LogLevel:Default=Debug"], line.HostArgs);
    }

    [Theory]
    [InlineData("--config")]
    [InlineData("--config=")]
    [InlineData("--config", "--urls")]
    [InlineData("--config", "a.toml", "--config", "b.toml")]
    public void Parse_BadConfig_Throws(params string[] args)
    {
        Assert.Throws<FormatException>(() => GatewayCommandLine.Parse(args));
    }

    [Fact]
    public void Parse_Help()
    {
        Assert.True(GatewayCommandLine.Parse(["--help"]).Help);
    }
}
