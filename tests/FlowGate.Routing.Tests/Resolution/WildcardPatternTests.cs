using FlowGate.Routing.Resolution;

namespace FlowGate.Routing.Tests.Resolution;

public sealed class WildcardPatternTests
{
    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("*", "", true)]
    [InlineData("claude-*", "Claude-Opus", true)]
    [InlineData("claude-*", "claud", false)]
    [InlineData("*-mini", "gpt-5-mini", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxbyy", false)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exact2", false)]
    public void IsMatch_Globs(string pattern, string text, bool expected) =>
        Assert.Equal(expected, WildcardPattern.IsMatch(pattern, text));

    [Fact]
    public void CompareSpecificity_MoreLiteralsFirst()
    {
        var sorted = new[] { "*", "claude-*", "claude-opus-*", "*-opus-*" }
            .OrderBy(p => p, Comparer<string>.Create(WildcardPattern.CompareSpecificity)).ToArray();

        Assert.Equal(["claude-opus-*", "claude-*", "*-opus-*", "*"], sorted);
    }
}
