using FlowGate.Routing.Features;
using FlowGate.Routing.Upgrades;
using FlowGate.TestUtils;

namespace FlowGate.Routing.Tests.Upgrades;

/// <summary>agent-cli's triggers, each on its own, on the features of the real client requests.</summary>
public sealed class SeedAutoUpgradeTests
{
    private static readonly UpgradeTable Table = UpgradeTable.Create([SeedAutoUpgrade.FromSeed("g3f.auto", "g3f", "opus4.6")], [], null);

    // Codex's real request: 4 items, 9 tools (one below the tools trigger), no signed reasoning.
    private static readonly RequestFeatures Codex =
        RequestFeatureExtractor.Extract(ClientFixtures.Body(ClientFixtures.Codex), ClientProtocol.OpenAIResponses);

    // Claude Code's real request: 2 messages, 12 tools.
    private static readonly RequestFeatures ClaudeCode =
        RequestFeatureExtractor.Extract(ClientFixtures.Body(ClientFixtures.ClaudeCode), ClientProtocol.AnthropicMessages);

    [Fact]
    public void FromSeed_BuildsAnAnyOfRuleWithTheSeedTriggers()
    {
        var rule = SeedAutoUpgrade.FromSeed("g3f.auto", "g3f", "opus4.6");

        Assert.Equal("g3f.auto", rule.Name);
        Assert.Equal("g3f", rule.Base);
        Assert.Equal("opus4.6", rule.To);
        Assert.Equal(MatchMode.Any, rule.Match);
        Assert.Equal(
            [
                Cond.AtLeast(RequestFeature.MessageCount, 80),
                Cond.AtLeast(RequestFeature.ToolCount, 10),
                Cond.AtLeast(RequestFeature.FailureStreak, 2),
                Cond.Of(RequestFeature.SignedThinking, ConditionOperator.Equal, "true"),
            ],
            rule.Conditions);
        Assert.Empty(UpgradeEvaluator.Validate([rule], [], null));
    }

    [Fact]
    public void Codex_NoTrigger_IsServedLikeTheBase()
    {
        var outcome = Evaluate(Codex);

        Assert.Equal("g3f", outcome.Route);
        Assert.Equal(UpgradeKind.Rule, outcome.Kind);
        Assert.False(outcome.ConditionsHeld);
        Assert.Empty(outcome.HeldConditions);
    }

    [Fact]
    public void ClaudeCode_TwelveTools_Upgrades()
    {
        var outcome = Evaluate(ClaudeCode);

        Assert.Equal("opus4.6", outcome.Route);
        Assert.Equal([Cond.AtLeast(RequestFeature.ToolCount, 10)], outcome.HeldConditions);
    }

    [Fact]
    public void Messages_AtThreshold_Upgrades()
    {
        Assert.Equal("opus4.6", Evaluate(Codex with { MessageCount = 80 }).Route);
        Assert.Equal("opus4.6", Evaluate(ClaudeCode with { ToolCount = 0, MessageCount = 80 }).Route);
        Assert.Equal("g3f", Evaluate(Codex with { MessageCount = 79 }).Route);
    }

    [Fact]
    public void Tools_AtThreshold_Upgrades()
    {
        Assert.Equal("opus4.6", Evaluate(Codex with { ToolCount = 10 }).Route);
        Assert.Equal("g3f", Evaluate(ClaudeCode with { ToolCount = 9 }).Route);
    }

    [Fact]
    public void FailureStreak_AtThreshold_Upgrades()
    {
        Assert.Equal("opus4.6", Evaluate(Codex with { FailureStreak = 2 }).Route);
        Assert.Equal("g3f", Evaluate(Codex with { FailureStreak = 1 }).Route);
    }

    [Fact]
    public void SignedThinking_Upgrades_UnlessTheSignatureTriggerIsOff()
    {
        var signed = Codex with { HasSignedThinking = true };
        var withoutSignature = UpgradeTable.Create([SeedAutoUpgrade.FromSeed("g3f.auto", "g3f", "opus4.6", signatureEnabled: false)], [], null);

        Assert.Equal("opus4.6", Evaluate(signed).Route);
        Assert.Equal("g3f", Evaluate(Codex with { HasSignedThinking = false }).Route);
        Assert.Equal("g3f", UpgradeEvaluator.Evaluate(withoutSignature, "g3f.auto", signed)!.Route);
    }

    [Fact]
    public void CustomThresholds_AreUsedAsWritten()
    {
        var table = UpgradeTable.Create([SeedAutoUpgrade.FromSeed("g3p.auto", "g3p", "opus4.6", messagesThreshold: 4, toolsThreshold: 50)], [], null);

        Assert.Equal("opus4.6", UpgradeEvaluator.Evaluate(table, "g3p.auto", Codex)!.Route);
        Assert.Equal("g3p", UpgradeEvaluator.Evaluate(table, "g3p.auto", ClaudeCode)!.Route);
    }

    [Fact]
    public void SeveralTriggers_AreAllReported()
    {
        var outcome = Evaluate(ClaudeCode with { MessageCount = 100, FailureStreak = 3 });

        Assert.Equal(
            [Cond.AtLeast(RequestFeature.MessageCount, 80), Cond.AtLeast(RequestFeature.ToolCount, 10), Cond.AtLeast(RequestFeature.FailureStreak, 2)],
            outcome.HeldConditions);
    }

    [Fact]
    public void Name_IsMatchedIgnoringCase_AndOtherNamesAreNotUpgraded()
    {
        Assert.Equal("opus4.6", UpgradeEvaluator.Evaluate(Table, "G3F.Auto", ClaudeCode)!.Route);
        Assert.Null(UpgradeEvaluator.Evaluate(Table, "g3f", ClaudeCode));
        Assert.Null(UpgradeEvaluator.Evaluate(Table, "g3p.auto", ClaudeCode));
    }

    [Fact]
    public void FromSeed_RejectsBlankNames() =>
        Assert.ThrowsAny<ArgumentException>(() => SeedAutoUpgrade.FromSeed(" ", "g3f", "opus4.6"));

    private static UpgradeOutcome Evaluate(RequestFeatures features) => UpgradeEvaluator.Evaluate(Table, "g3f.auto", features)!;
}
