using FlowGate.Routing.Failures;
using FlowGate.Routing.Health;
using FlowGate.Routing.Usage;

namespace FlowGate.Routing.Tests.Usage;

public sealed class TargetBudgetsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 15, TimeSpan.Zero);
    private static readonly DateTimeOffset WindowStart = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void WithinBothBudgets_NothingIsSpent()
    {
        var config = new TargetConfig { Upstream = "u", Model = "m", RequestsPerMinute = 3, TokensPerMinute = 100 };

        Assert.Null(TargetBudgets.SpentUntil(config, new BudgetWindow(WindowStart, 2, 99), Now));
        Assert.Same(TargetCondition.Healthy, TargetBudgets.Apply(TargetCondition.Healthy, config, new BudgetWindow(WindowStart, 2, 99), Now));
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(0, 100)]
    public void EitherBudgetSpent_KeepsTheTargetOutUntilTheWindowEnds_AsAnExplicitRateLimit(long requests, long tokens)
    {
        var config = new TargetConfig { Upstream = "u", Model = "m", RequestsPerMinute = 3, TokensPerMinute = 100 };

        var condition = TargetBudgets.Apply(TargetCondition.Healthy, config, new BudgetWindow(WindowStart, requests, tokens), Now);

        Assert.Equal(WindowStart.AddMinutes(1), condition.EjectedUntil);
        Assert.Equal(FailureClass.RateLimit, condition.ExplicitCause);
        Assert.False(condition.IsAvailable(Now));
    }

    [Fact]
    public void ALastMinutesWindow_CountsAsUnused()
    {
        var config = new TargetConfig { Upstream = "u", Model = "m", RequestsPerMinute = 3 };

        Assert.Null(TargetBudgets.SpentUntil(config, new BudgetWindow(WindowStart.AddMinutes(-1), 50, 0), Now));
        Assert.Equal(1d, TargetBudgets.Left(config, new BudgetWindow(WindowStart.AddMinutes(-1), 50, 0), Now));
    }

    [Fact]
    public void ALongerEjection_IsKept()
    {
        var config = new TargetConfig { Upstream = "u", Model = "m", RequestsPerMinute = 1 };
        var ejected = new TargetCondition { EjectedUntil = Now.AddMinutes(10), Ejections = 1 };

        Assert.Same(ejected, TargetBudgets.Apply(ejected, config, new BudgetWindow(WindowStart, 5, 0), Now));
    }

    [Fact]
    public void Left_IsTheSmallerShare()
    {
        var config = new TargetConfig { Upstream = "u", Model = "m", RequestsPerMinute = 4, TokensPerMinute = 1000 };

        Assert.Equal(0.25, TargetBudgets.Left(config, new BudgetWindow(WindowStart, 1, 750), Now));
        Assert.Equal(1d, TargetBudgets.Left(new TargetConfig { Upstream = "u", Model = "m" }, new BudgetWindow(WindowStart, 1000, 1000), Now));
    }

    [Fact]
    public void TheWindow_IsTheUtcMinute()
    {
        Assert.Equal(WindowStart, BudgetWindow.StartOf(Now));
        Assert.Equal(WindowStart, BudgetWindow.StartOf(new DateTimeOffset(2026, 12, 6, 11, 0, 59, TimeSpan.FromHours(2))));
    }
}
