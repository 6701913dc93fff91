namespace FlowGate.Routing.Rewriting;

/// <summary>
/// Steps 1–6 of the rewrite as decisions over a scanned body. Members that step 6 drops are already marked removed by
/// the scan, and steps 1–5 see them as absent: reading a value the upstream will never get would make a second
/// rewrite of the output decide differently.
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

        OutputLimitStep.Apply(shape, plan, log);
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

    /// <summary>Gets whether a field will be in the output: kept if present, not dropped if added.</summary>
    private static bool Survives(RequestShape shape, RewritePlan plan, BodyField field)
    {
        var index = shape.IndexOf(field);
        return index >= 0 ? !shape[index].Removed : !plan.Drops(RewriteNames.Of(field));
    }
}
