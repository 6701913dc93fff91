namespace FlowGate.Gateway.Tests;

/// <summary>The gateway host turns inline socket completions on unless the environment already decided.</summary>
[Collection(nameof(InlineIoTests))]
public sealed class InlineIoTests
{
    [Theory]
    [InlineData(null, true, "1")]
    [InlineData("1", true, "1")]
    [InlineData("0", false, "0")]
    public void Decide_FollowsTheEnvironmentAndDefaultsToOn(string? before, bool enabled, string after)
    {
        var saved = Environment.GetEnvironmentVariable(InlineIo.Variable);
        try
        {
            Environment.SetEnvironmentVariable(InlineIo.Variable, before);
            InlineIo.Decide();
            Assert.Equal(enabled, InlineIo.Enabled);
            Assert.Equal(after, Environment.GetEnvironmentVariable(InlineIo.Variable));
        }
        finally
        {
            Environment.SetEnvironmentVariable(InlineIo.Variable, saved);
        }
    }
}
