namespace FlowGate.MockUpstream.Tests;

public sealed class MockCommandLineTests
{
    [Fact]
    public void Parse_ReadsEveryOption()
    {
        var options = MockCommandLine.Parse(
            ["--port", "9100", "--pace-ms", "5", "--deltas", "3", "--max-echo", "10", "--name", "mock-b", "--reject-foreign-signatures",
             "--fault", "flaky=status:429;retry-after:2", "--endpoint-fault", "responses=cut-after:2"])!;

        Assert.Equal(9100, options.Port);
        Assert.Equal(5, options.PaceMs);
        Assert.Equal(3, options.Deltas);
        Assert.Equal(10, options.MaxEchoChars);
        Assert.Equal("mock-b", options.Name);
        Assert.True(options.RejectForeignSignatures);
        Assert.Equal("status:429;retry-after:2", options.FaultsByModel["FLAKY"]);
        Assert.Equal("cut-after:2", options.FaultsByEndpoint[MockEndpoint.Responses]);
        Assert.Equal(0, options.RequestLogCapacity);
        Assert.Null(options.RequestLines);
    }

    [Fact]
    public void Parse_LogRequests_WritesRequestLinesToStdout() =>
        Assert.Same(Console.Out, MockCommandLine.Parse(["--log-requests", "--port", "9100"])!.RequestLines);

    [Fact]
    public void Parse_Defaults_ListenOnThe9001()
    {
        var options = MockCommandLine.Parse([])!;

        Assert.Equal(MockCommandLine.DefaultPort, options.Port);
        Assert.Equal(8, options.Deltas);
    }

    [Fact]
    public void Parse_Help_ReturnsNull() => Assert.Null(MockCommandLine.Parse(["--help"]));

    [Theory]
    [InlineData("--port")]
    [InlineData("--port", "x")]
    [InlineData("--fault", "nomodel")]
    [InlineData("--fault", "m=explode")]
    [InlineData("--endpoint-fault", "nowhere=status:500")]
    [InlineData("--verbose")]
    public void Parse_BadArguments_Throw(params string[] args) => Assert.Throws<FormatException>(() => MockCommandLine.Parse(args));
}
