using System.Globalization;

namespace FlowGate.Routing.Upgrades;

/// <summary>
/// agent-cli's auto-upgrade (<c>lb_auto_upgrade_*</c>, <c>[global.lb_auto_upgrade_map]</c>) as an
/// <see cref="UpgradeRule"/>: a request for, say, <c>g3f.auto</c> is served exactly like <c>g3f</c> unless any
/// trigger fires, and then goes to the mapped route (<c>opus4.6</c>).
/// </summary>
internal static class SeedAutoUpgrade
{
    /// <summary>Builds the rule for one <c>lb_auto_upgrade_map</c> entry.</summary>
    /// <param name="name">The name clients send (<c>g3f.auto</c>).</param>
    /// <param name="baseRoute">The route served when no trigger fires (<c>g3f</c>).</param>
    /// <param name="to">The route upgraded to (<c>opus4.6</c>).</param>
    /// <param name="messagesThreshold">Upgrade at this many messages or more (<c>lb_auto_upgrade_messages_threshold</c>).</param>
    /// <param name="toolsThreshold">Upgrade at this many tools or more (<c>lb_auto_upgrade_tools_threshold</c>).</param>
    /// <param name="failureStreakThreshold">Upgrade when the session has failed this often in a row on the model (<c>lb_auto_upgrade_failure_streak_threshold</c>).</param>
    /// <param name="signatureEnabled">Whether a signed thinking block upgrades (<c>lb_auto_upgrade_signature_enabled</c>).</param>
    /// <returns>An any-of rule with agent-cli's triggers; thresholds are taken as written, as agent-cli did.</returns>
    public static UpgradeRule FromSeed(
        string name,
        string baseRoute,
        string to,
        int messagesThreshold = 80,
        int toolsThreshold = 10,
        int failureStreakThreshold = 2,
        bool signatureEnabled = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseRoute);
        ArgumentException.ThrowIfNullOrWhiteSpace(to);

        var atLeast = ConditionOperator.GreaterThanOrEqual;
        FeatureCondition[] triggers =
        [
            new() { Feature = RequestFeature.MessageCount, Operator = atLeast, Value = Number(messagesThreshold) },
            new() { Feature = RequestFeature.ToolCount, Operator = atLeast, Value = Number(toolsThreshold) },
            new() { Feature = RequestFeature.FailureStreak, Operator = atLeast, Value = Number(failureStreakThreshold) },
        ];
        ValueArray<FeatureCondition> conditions = signatureEnabled
            ? [.. triggers, new() { Feature = RequestFeature.SignedThinking, Operator = ConditionOperator.Equal, Value = "true" }]
            : [.. triggers];

        return new UpgradeRule { Name = name, Base = baseRoute, To = to, Match = MatchMode.Any, Conditions = conditions };
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
