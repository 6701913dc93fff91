using System.Text.Json;

namespace FlowGate.Routing.Rewriting;

/// <summary>
/// Steps 1–6 of SPEC §5 as decisions over a scanned body. Changes to members that step 6 then drops have no effect
/// on the output and are not reported.
/// </summary>
internal static class RewritePlanner
{
    public static void Plan(RequestShape shape, RewritePlan plan, AppliedLog log, string upstreamModel)
    {
        SetModel(shape, plan, log, upstreamModel);
        SetEffort(shape, plan, log);
        if (plan.Protocol == ClientProtocol.AnthropicMessages)
        {
            CapBudget(shape, plan, log);
        }

        LimitOutputTokens(shape, plan, log);
        if (plan.Protocol == ClientProtocol.AnthropicMessages)
        {
            KeepBudgetBelowMaxTokens(shape, plan, log);
        }

        ReportDrops(shape, plan, log);
    }

    private static void SetModel(RequestShape shape, RewritePlan plan, AppliedLog log, string upstreamModel)
    {
        var level = plan.Parameters.ThinkingLevel;
        plan.ModelText = string.IsNullOrEmpty(level) || upstreamModel.Contains('(', StringComparison.Ordinal)
            ? upstreamModel
            : string.Concat(upstreamModel, "(", level, ")");
        if (Survives(shape, plan, BodyField.Model))
        {
            log.Add(RewriteAction.ModelSet, RewriteNames.Model, plan.ModelText);
        }
    }

    private static void SetEffort(RequestShape shape, RewritePlan plan, AppliedLog log)
    {
        if (plan.Parameters.ReasoningEffort is not { Length: > 0 } effort)
        {
            return;
        }

        switch (plan.Protocol)
        {
            case ClientProtocol.OpenAIChat:
                plan.Effort = effort;
                if (Survives(shape, plan, BodyField.ReasoningEffort))
                {
                    log.Add(RewriteAction.EffortSet, RewriteNames.ReasoningEffort, effort);
                }

                break;
            case ClientProtocol.OpenAIResponses:
                SetNestedEffort(shape, plan, log, BodyField.Reasoning, RewriteNames.ReasoningDotEffort, effort);
                break;
            case ClientProtocol.AnthropicMessages when shape.ThinkingEnabled && shape.IsKept(BodyField.Thinking)
                && plan.Table.BudgetFor(effort) is int budget and > 0:
                plan.Budget = budget;
                plan.BudgetChanged = true;
                plan.EffortInBudget = true;
                log.Add(RewriteAction.ThinkingBudgetSet, RewriteNames.BudgetTokens, budget);
                break;
            case ClientProtocol.AnthropicMessages:
                SetNestedEffort(shape, plan, log, BodyField.OutputConfig, RewriteNames.OutputConfigDotEffort, effort);
                break;
            default:
                break;
        }
    }

    /// <summary>Writes the effort into an object member, creating it; a non-object value there is left alone.</summary>
    private static void SetNestedEffort(RequestShape shape, RewritePlan plan, AppliedLog log, BodyField holder, string path, string effort)
    {
        var member = shape.Get(holder);
        if (member.Exists && !member.CanHoldObject)
        {
            return;
        }

        plan.Effort = effort;
        if (Survives(shape, plan, holder))
        {
            log.Add(RewriteAction.EffortSet, path, effort);
        }
    }

    private static void CapBudget(RequestShape shape, RewritePlan plan, AppliedLog log)
    {
        if (!shape.IsKept(BodyField.Thinking))
        {
            return;
        }

        if (plan.Budget is null && shape.BudgetTokens.IsNumber)
        {
            plan.Budget = shape.BudgetTokens.Number;
        }

        if (plan.Parameters.ThinkingBudgetMax is { } max && plan.Budget > max)
        {
            plan.Budget = max;
            plan.BudgetChanged = true;
            log.Add(RewriteAction.ThinkingBudgetCapped, RewriteNames.BudgetTokens, max);
        }
    }

    private static void LimitOutputTokens(RequestShape shape, RewritePlan plan, AppliedLog log)
    {
        ReadOnlySpan<BodyField> limits = plan.Protocol switch
        {
            ClientProtocol.OpenAIChat => [BodyField.MaxTokens, BodyField.MaxCompletionTokens],
            ClientProtocol.OpenAIResponses => [BodyField.MaxOutputTokens],
            _ => [BodyField.MaxTokens],
        };
        var max = plan.Parameters.MaxTokensMax;
        var clientSentOne = false;
        foreach (var field in limits)
        {
            var member = shape.Get(field);
            clientSentOne |= member.IsNumber && member.Number > 0;
            if (max is { } cap && member.IsNumber && member.Number > cap)
            {
                plan.SetLimit(field, cap);
                LogIfKept(shape, log, field, RewriteAction.MaxTokensCapped, cap);
            }
        }

        if (clientSentOne || plan.Parameters.MaxTokensDefault is not { } fallback)
        {
            return;
        }

        // Capping the default too keeps a second rewrite from changing the first one's result.
        var value = max is { } limit ? Math.Min(fallback, limit) : fallback;
        var present = false;
        foreach (var field in limits)
        {
            var member = shape.Get(field);
            present |= member.Exists;
            if ((member.IsNumber && member.Number <= 0) || member.Kind == JsonTokenType.Null)
            {
                plan.SetLimit(field, value);
                LogIfKept(shape, log, field, RewriteAction.MaxTokensDefaulted, value);
            }
        }

        if (!present && !plan.Drops(RewriteNames.Of(limits[0])))
        {
            plan.AppendLimit = limits[0];
            plan.AppendLimitValue = value;
            log.Add(RewriteAction.MaxTokensDefaulted, RewriteNames.Of(limits[0]), value);
        }
    }

    private static void KeepBudgetBelowMaxTokens(RequestShape shape, RewritePlan plan, AppliedLog log)
    {
        if (!shape.IsKept(BodyField.Thinking) || plan.Budget is not { } budget || MaxTokens(shape, plan) is not { } maxTokens)
        {
            return;
        }

        if (budget < maxTokens || maxTokens > int.MaxValue)
        {
            return;
        }

        if (maxTokens <= 1)
        {
            shape[shape.Thinking].Removed = true;
            log.Add(RewriteAction.ThinkingRemoved, RewriteNames.Thinking, null);
            if (plan.EffortInBudget)
            {
                // The effort must still reach the upstream, and a second rewrite would put it here anyway.
                plan.EffortInBudget = false;
                SetNestedEffort(shape, plan, log, BodyField.OutputConfig, RewriteNames.OutputConfigDotEffort, plan.Parameters.ReasoningEffort!);
            }

            return;
        }

        var below = (int)Math.Ceiling(maxTokens) - 1;
        plan.Budget = below;
        plan.BudgetChanged = true;
        log.Add(RewriteAction.ThinkingBudgetBelowMaxTokens, RewriteNames.BudgetTokens, below);
    }

    private static double? MaxTokens(RequestShape shape, RewritePlan plan)
    {
        var member = shape.Get(BodyField.MaxTokens);
        return plan.NewMaxTokens is { } set ? set
            : member.IsNumber ? member.Number
            : plan.AppendLimit == BodyField.MaxTokens ? plan.AppendLimitValue
            : null;
    }

    private static void ReportDrops(RequestShape shape, RewritePlan plan, AppliedLog log)
    {
        var drop = plan.Parameters.DropParams;
        for (var i = 0; i < drop.Count; i++)
        {
            foreach (ref readonly var member in shape.Members)
            {
                if (member.DropIndex == i)
                {
                    log.Add(RewriteAction.MemberDropped, drop[i], null);
                    break;
                }
            }
        }
    }

    private static void LogIfKept(RequestShape shape, AppliedLog log, BodyField field, RewriteAction action, int value)
    {
        if (shape.IsKept(field))
        {
            log.Add(action, RewriteNames.Of(field), value);
        }
    }

    /// <summary>Gets whether a field will be in the output: kept if present, not dropped if added.</summary>
    private static bool Survives(RequestShape shape, RewritePlan plan, BodyField field)
    {
        var index = shape.IndexOf(field);
        return index >= 0 ? !shape[index].Removed : !plan.Drops(RewriteNames.Of(field));
    }
}
