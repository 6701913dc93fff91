using System.Globalization;
using System.Text;
using FlowGate.Routing.Failures;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FlowGate.Routing.Tests.Failures;

public sealed class RetryAfterParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("120", 120_000)]
    [InlineData(" 120 ", 120_000)]
    [InlineData("0", 0)]
    [InlineData("1.5", 1_500)]
    [InlineData("0.25", 250)]
    [InlineData("-5", 0)]
    [InlineData("007", 7_000)]
    public void DeltaSeconds_Parse(string value, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryAfterParser.Parse(value, Now));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("soon")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("+5")]
    [InlineData("1e3")]
    [InlineData("5 s")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("--5")]
    [InlineData("Mon, 06 Nov 1994 08:49:37 GMT")] // 6 Nov 1994 was a Sunday
    public void Garbage_IsNull(string? value) => Assert.Null(RetryAfterParser.Parse(value, Now));

    [Fact]
    public void HugeDeltaSeconds_Saturates() =>
        Assert.Equal(TimeSpan.MaxValue, RetryAfterParser.Parse("99999999999999999999999999999", Now));

    [Theory]
    [InlineData("Sun, 06 Nov 1994 08:49:37 GMT")] // IMF-fixdate
    [InlineData("Sun, 6 Nov 1994 08:49:37 GMT")]
    [InlineData("Sunday, 06-Nov-94 08:49:37 GMT")] // RFC 850
    [InlineData("Sun Nov  6 08:49:37 1994")] // asctime
    [InlineData("  Sun, 06 Nov 1994 08:49:37 GMT  ")]
    public void HttpDate_AllThreeFormats_AreRelativeToNow(string value)
    {
        var now = new DateTimeOffset(1994, 11, 6, 8, 49, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(37), RetryAfterParser.Parse(value, now));
    }

    [Fact]
    public void HttpDate_InThePast_IsZero() =>
        Assert.Equal(TimeSpan.Zero, RetryAfterParser.Parse("Sun, 06 Nov 1994 08:49:37 GMT", Now));

    [Theory]
    [InlineData("1500", 1_500)]
    [InlineData("20.5", 20.5)]
    [InlineData("0", 0)]
    [InlineData("-3", 0)]
    public void Milliseconds_Parse(string value, double expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryAfterParser.ParseMilliseconds(value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("Sun, 06 Nov 1994 08:49:37 GMT")]
    public void Milliseconds_Garbage_IsNull(string? value) => Assert.Null(RetryAfterParser.ParseMilliseconds(value));

    [Theory]
    [InlineData("Please try again in 20ms.", 20)]
    [InlineData("Please try again in 1.898s. Visit https://platform.openai.com", 1_898)]
    [InlineData("try again in 6m0s", 360_000)]
    [InlineData("try again in 1h2m3s", 3_723_000)]
    [InlineData("try again in 2 seconds", 2_000)]
    [InlineData("try again in 5 minutes", 300_000)]
    [InlineData("try again in 250 milliseconds", 250)]
    [InlineData("TRY AGAIN IN 3S", 3_000)]
    public void Hint_Parses(string body, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryAfterParser.ParseHint(Encoding.UTF8.GetBytes(body)));

    [Theory]
    [InlineData("")]
    [InlineData("Rate limit reached")]
    [InlineData("try again in a moment")]
    [InlineData("try again in 5")]
    [InlineData("try again in 5 days")]
    [InlineData("try again in")]
    public void Hint_Missing_IsNull(string body) => Assert.Null(RetryAfterParser.ParseHint(Encoding.UTF8.GetBytes(body)));

    [Property(MaxTest = 1_000)]
    public Property Property_DeltaSeconds_RoundTrip() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)),
            seconds => RetryAfterParser.Parse(seconds.ToString(CultureInfo.InvariantCulture), Now) == TimeSpan.FromSeconds(seconds));

    [Property(MaxTest = 1_000)]
    public Property Property_HttpDate_RoundTrip_InEveryFormat()
    {
        var gen =
            from offset in Gen.Choose(-100_000_000, 100_000_000)
            from format in Gen.Elements("r", "dddd, dd'-'MMM'-'yy HH':'mm':'ss 'GMT'", "ddd MMM d HH':'mm':'ss yyyy")
            select (offset, format);

        return Prop.ForAll(Arb.From(gen), c =>
        {
            var date = Now.AddSeconds(c.offset);
            var text = date.ToString(c.format, CultureInfo.InvariantCulture);
            var expected = c.offset < 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(c.offset);

            Assert.Equal(expected, RetryAfterParser.Parse(text, Now));
        });
    }

    [Property(MaxTest = 1_000)]
    public Property Property_NeverThrows_NeverNegative()
    {
        var chars = Gen.Elements("0123456789.- :,GMTSunNovabcxyz\t\u00e9".ToCharArray());
        var gen =
            from value in Gen.ArrayOf(chars).Select(a => new string(a))
            from ticks in Gen.Choose(int.MinValue, int.MaxValue)
            select (value, now: Now.AddTicks((long)ticks * 1_000_000));

        return Prop.ForAll(Arb.From(gen), c =>
        {
            var wait = RetryAfterParser.Parse(c.value, c.now);
            var ms = RetryAfterParser.ParseMilliseconds(c.value);
            var hint = RetryAfterParser.ParseHint(Encoding.UTF8.GetBytes("try again in " + c.value));
            Assert.True(wait is null || wait >= TimeSpan.Zero);
            Assert.True(ms is null || ms >= TimeSpan.Zero);
            Assert.True(hint is null || hint >= TimeSpan.Zero);
        });
    }
}
