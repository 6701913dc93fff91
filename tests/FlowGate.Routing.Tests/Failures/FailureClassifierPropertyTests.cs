using System.Text;
using FlowGate.Routing.Failures;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FlowGate.Routing.Tests.Failures;

public sealed class FailureClassifierPropertyTests
{
    [Property(MaxTest = 3_000)]
    public Property Property_DefaultPolicy_TotalAndBounded()
    {
        var gen =
            from failure in FailureArbitraries.Failures().Generator
            from now in FailureArbitraries.Clocks().Generator
            select (failure, now);

        return Prop.ForAll(Arb.From(gen), c =>
        {
            var policy = FailurePolicy.Default;
            var bound = Max(policy.AuthQuotaCooldown, policy.MaxRetryAfter);

            AssertWellFormed(FailureClassifier.Classify(c.failure, c.now, policy), c.now, policy, bound);
        });
    }

    [Property(MaxTest = 1_000)]
    public Property Property_AnyPolicy_TotalAndBounded()
    {
        var gen =
            from failure in FailureArbitraries.Failures().Generator
            from now in FailureArbitraries.Clocks().Generator
            from policy in FailureArbitraries.Policies().Generator
            select (failure, now, policy);

        return Prop.ForAll(Arb.From(gen), c =>
        {
            var p = c.policy;
            var bound = Max(Max(Max(p.AuthCooldown, p.AuthQuotaCooldown), p.TransientCooldown), p.MaxRetryAfter);
            AssertWellFormed(FailureClassifier.Classify(c.failure, c.now, p), c.now, p, Max(bound, TimeSpan.Zero));
        });
    }

    [Property(MaxTest = 1_000)]
    public Property Property_ReasonNeverQuotesUnknownBodyText()
    {
        var gen =
            from failure in FailureArbitraries.Failures().Generator
            from canary in Gen.ArrayOf(Gen.Choose('a', 'z').Select(c => (char)c), 12).Select(a => "zq" + new string(a))
            select (failure, canary);

        return Prop.ForAll(Arb.From(gen), c =>
        {
            var body = Encoding.UTF8.GetBytes(Pad(c.canary) + Encoding.UTF8.GetString(c.failure.BodyPrefix.Span) + Pad(c.canary));
            var result = FailureClassifier.Classify(c.failure with { BodyPrefix = body }, FailureArbitraries.Base, FailurePolicy.Default);
            Assert.DoesNotContain(c.canary, result.Reason, StringComparison.OrdinalIgnoreCase);
        });

        static string Pad(string value) => " " + value + " ";
    }

    private static void AssertWellFormed(FailureClassification result, DateTimeOffset now, FailurePolicy policy, TimeSpan bound)
    {
        Assert.True(Enum.IsDefined(result.Class));
        Assert.InRange(result.Cooldown, TimeSpan.Zero, bound);
        if (result.Cooldown == TimeSpan.Zero)
        {
            Assert.Null(result.CooldownUntil);
        }
        else
        {
            var expected = result.Cooldown > DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + result.Cooldown;
            Assert.Equal(expected, result.CooldownUntil);
        }

        if (result.RetryAfter is TimeSpan wait)
        {
            Assert.InRange(wait, TimeSpan.Zero, Max(policy.MaxRetryAfter, TimeSpan.Zero));
        }

        if (result.Class is FailureClass.Signature or FailureClass.ContextLength or FailureClass.Client)
        {
            Assert.Equal(TimeSpan.Zero, result.Cooldown);
        }

        Assert.Equal(result.Class is FailureClass.Auth or FailureClass.Client, result.ClearsSticky);
        Assert.Equal(result.Class is not (FailureClass.Client or FailureClass.Signature), result.FallsBack);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
