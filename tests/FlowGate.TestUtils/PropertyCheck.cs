using FsCheck;
using FsCheck.Fluent;

namespace FlowGate.TestUtils;

/// <summary>
/// Runs FsCheck 3 properties from plain xunit facts (FsCheck.Xunit is not served by the package registry here).
/// Every property runs at least 1,000 cases from a fixed seed, so a failure reproduces; the failing, shrunk case
/// is in the exception message.
/// </summary>
public static class PropertyCheck
{
    public const int DefaultCases = 1_000;

    private static readonly Config Base = Config.QuickThrowOnFailure
        .WithMaxTest(DefaultCases)
        .WithReplay(0x2545F4914F6CDD1DUL, 0x9E3779B97F4A7C15UL);

    /// <summary>Checks that <paramref name="property"/> holds for every generated value.</summary>
    public static void ForAll<T>(Arbitrary<T> arbitrary, Func<T, bool> property, int cases = DefaultCases) =>
        Prop.ForAll(arbitrary, property).Check(Base.WithMaxTest(cases));

    /// <summary>Checks that <paramref name="assertion"/> does not throw for any generated value (xunit asserts welcome).</summary>
    public static void ForAll<T>(Arbitrary<T> arbitrary, Action<T> assertion, int cases = DefaultCases) =>
        Prop.ForAll(arbitrary, assertion).Check(Base.WithMaxTest(cases));

    /// <summary>Checks a property over values from a generator.</summary>
    public static void ForAll<T>(Gen<T> generator, Func<T, bool> property, int cases = DefaultCases) =>
        ForAll(Arb.From(generator), property, cases);

    /// <summary>Checks assertions over values from a generator.</summary>
    public static void ForAll<T>(Gen<T> generator, Action<T> assertion, int cases = DefaultCases) =>
        ForAll(Arb.From(generator), assertion, cases);
}
