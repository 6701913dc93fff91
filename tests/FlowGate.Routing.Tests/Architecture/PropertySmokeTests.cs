using System.Globalization;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FlowGate.Routing.Tests.Architecture;

/// <summary>
/// How the property tests behave: each run draws a new seed; a failure reports the seed it started from, and
/// <c>[Property(Replay = "(seed,gamma)")]</c> (or <c>Config.WithReplay</c>) with that pair runs the same cases again.
/// </summary>
public sealed partial class PropertySmokeTests
{
    [Property(MaxTest = 1_000)]
    public bool Property_IsRunByFsCheckXunit(int x) => unchecked(x + 1 - 1) == x;

    [Fact]
    public void AFailure_ReportsItsSeed_AndThatSeedReplaysTheSameCounterexample()
    {
        // Fails for about one value in seven, so the first failing case differs from seed to seed.
        var property = Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), x => x % 7 != 3);

        var first = Assert.ThrowsAny<Exception>(() => property.Check(Config.QuickThrowOnFailure.WithMaxTest(10_000)));
        var seed = SeedPattern().Match(first.Message);
        Assert.True(seed.Success, first.Message);

        var replayed = Assert.ThrowsAny<Exception>(() => property.Check(Config.QuickThrowOnFailure.WithMaxTest(10_000)
            .WithReplay(ulong.Parse(seed.Groups[1].Value, CultureInfo.InvariantCulture), ulong.Parse(seed.Groups[2].Value, CultureInfo.InvariantCulture))));

        Assert.Equal(Counterexample(first.Message), Counterexample(replayed.Message));
    }

    private static string Counterexample(string message) => message[message.IndexOf("Original:", StringComparison.Ordinal)..];

    [GeneratedRegex(@"Falsifiable, after \d+ tests? \(\d+ shrinks?\) \((\d+),(\d+)\)")]
    private static partial Regex SeedPattern();
}
