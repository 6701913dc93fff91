using System.Text.Json;

namespace FlowGate.Routing.Rewriting;

/// <summary>
/// Step 4 of the rewrite: output-token limits capped at <see cref="TargetParams.MaxTokensMax"/>, and
/// <see cref="TargetParams.MaxTokensDefault"/> used only when the client sent no positive limit.
/// </summary>
internal static class OutputLimitStep
{
    public static void Apply(RequestShape shape, RewritePlan plan, AppliedLog log)
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
                log.Add(RewriteAction.MaxTokensCapped, RewriteNames.Of(field), cap);
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
                log.Add(RewriteAction.MaxTokensDefaulted, RewriteNames.Of(field), value);
            }
        }

        if (present)
        {
            return;
        }

        foreach (var field in limits)
        {
            if (!plan.Drops(RewriteNames.Of(field)))
            {
                plan.AppendLimit = field;
                plan.AppendLimitValue = value;
                log.Add(RewriteAction.MaxTokensDefaulted, RewriteNames.Of(field), value);
                return;
            }
        }
    }
}
