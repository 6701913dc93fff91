namespace FlowGate.Routing.Rewriting;

/// <summary>
/// Turns a <see cref="RewritePlan"/> into splice edits: values replaced in place, members added at the end of their
/// object, members removed together with the right comma. Every other byte of the body is left where it was.
/// </summary>
internal static class RewriteEmitter
{
    public static void Emit(RequestShape shape, RewritePlan plan, Utf8Splicer splicer)
    {
        Span<BodyField> added = stackalloc BodyField[4];
        var addedCount = 0;

        if (!ReplaceTopLevel(shape, plan, splicer, BodyField.Model) && !plan.Drops(RewriteNames.Model))
        {
            added[addedCount++] = BodyField.Model;
        }

        if (plan.Effort is not null)
        {
            var holder = plan.Protocol switch
            {
                ClientProtocol.OpenAIChat => BodyField.ReasoningEffort,
                ClientProtocol.OpenAIResponses => BodyField.Reasoning,
                _ => BodyField.OutputConfig,
            };
            if (!ReplaceTopLevel(shape, plan, splicer, holder) && !plan.Drops(RewriteNames.Of(holder)))
            {
                added[addedCount++] = holder;
            }
        }

        if (plan.BudgetChanged && shape.IsKept(BodyField.Thinking) && plan.Budget is { } budget)
        {
            var thinking = shape.Get(BodyField.Thinking);
            ReplaceOrAddNested(splicer, thinking, shape.BudgetTokens, shape.ThinkingLastEnd, "\"budget_tokens\":"u8);
            splicer.AppendNumber((int)budget);
        }

        foreach (var field in (ReadOnlySpan<BodyField>)[BodyField.MaxTokens, BodyField.MaxCompletionTokens, BodyField.MaxOutputTokens])
        {
            _ = ReplaceTopLevel(shape, plan, splicer, field);
        }

        if (plan.AppendLimit != BodyField.Other)
        {
            added[addedCount++] = plan.AppendLimit;
        }

        EmitMembers(shape, plan, splicer, added[..addedCount]);
    }

    /// <summary>
    /// Replaces the value of a top-level member that has a new value, unless it is removed.
    /// </summary>
    /// <returns><see langword="false"/> when the member is absent and should be added instead.</returns>
    private static bool ReplaceTopLevel(RequestShape shape, RewritePlan plan, Utf8Splicer splicer, BodyField field)
    {
        var index = shape.IndexOf(field);
        var hasValue = field switch
        {
            BodyField.MaxTokens or BodyField.MaxCompletionTokens or BodyField.MaxOutputTokens => plan.NewLimit(field) is not null,
            _ => true,
        };
        if (index < 0)
        {
            return !hasValue;
        }

        var member = shape[index];
        if (member.Removed || !hasValue)
        {
            return true;
        }

        if (field is BodyField.Reasoning or BodyField.OutputConfig && member.IsObject)
        {
            ReplaceOrAddNested(splicer, member, shape.NestedEffort, shape.EffortObjectLastEnd, "\"effort\":"u8);
            splicer.AppendString(plan.Effort!);
            return true;
        }

        splicer.Begin(member.ValueStart, member.ValueEnd);
        WriteValue(plan, splicer, field);
        return true;
    }

    /// <summary>Starts an edit that the caller completes with the value: over the old value, or as a new last member.</summary>
    private static void ReplaceOrAddNested(Utf8Splicer splicer, JsonMember holder, JsonMember child, int lastEnd, ReadOnlySpan<byte> quotedNameAndColon)
    {
        if (child.Exists)
        {
            splicer.Begin(child.ValueStart, child.ValueEnd);
            return;
        }

        var at = lastEnd >= 0 ? lastEnd : holder.ValueStart + 1;
        splicer.Begin(at, at);
        if (lastEnd >= 0)
        {
            splicer.Append((byte)',');
        }

        splicer.Append(quotedNameAndColon);
    }

    private static void WriteValue(RewritePlan plan, Utf8Splicer splicer, BodyField field)
    {
        switch (field)
        {
            case BodyField.Model:
                splicer.AppendString(plan.ModelText);
                break;
            case BodyField.ReasoningEffort:
                splicer.AppendString(plan.Effort!);
                break;
            case BodyField.Reasoning or BodyField.OutputConfig:
                splicer.Append("{\"effort\":"u8);
                splicer.AppendString(plan.Effort!);
                splicer.Append((byte)'}');
                break;
            default:
                splicer.AppendNumber(plan.NewLimit(field) ?? plan.AppendLimitValue);
                break;
        }
    }

    /// <summary>
    /// Removes every removed top-level member and adds the new ones after the last member kept. A run of removed
    /// members takes the comma after it, or — when it ends the object — the comma before it, so the object stays valid
    /// whichever members go.
    /// </summary>
    private static void EmitMembers(RequestShape shape, RewritePlan plan, Utf8Splicer splicer, ReadOnlySpan<BodyField> added)
    {
        var members = shape.Members;
        var lastKept = -1;
        for (var i = 0; i < members.Length; i++)
        {
            if (!members[i].Removed)
            {
                lastKept = i;
                continue;
            }

            var last = i;
            while (last + 1 < members.Length && members[last + 1].Removed)
            {
                last++;
            }

            if (last + 1 < members.Length)
            {
                splicer.Begin(members[i].NameStart, members[last + 1].NameStart);
            }
            else if (i > 0)
            {
                splicer.Begin(members[i - 1].ValueEnd, members[last].ValueEnd);
            }
            else
            {
                splicer.Begin(members[0].NameStart, members[last].ValueEnd);
            }

            i = last;
        }

        if (added.IsEmpty)
        {
            return;
        }

        var at = lastKept >= 0 ? members[lastKept].ValueEnd
            : members.Length > 0 ? members[0].NameStart
            : shape.ObjectStart + 1;
        splicer.Begin(at, at);
        var comma = lastKept >= 0;
        foreach (var field in added)
        {
            if (comma)
            {
                splicer.Append((byte)',');
            }

            comma = true;
            splicer.Append(RewriteNames.QuotedUtf8(field));
            splicer.Append((byte)':');
            WriteValue(plan, splicer, field);
        }
    }
}
