using System.Buffers;
using System.Globalization;
using System.Text.Json.Nodes;
using FlowGate.Config;
using FlowGate.Routing;
using FlowGate.Routing.Features;
using FlowGate.Routing.Rewriting;
using FlowGate.Routing.Selection;
using FlowGate.Routing.Sessions;
using FlowGate.Xgate.Commands;

namespace FlowGate.Xgate.Explain;

/// <summary>
/// The core's decision for one model (and optionally one request body) on the loaded config, with every target
/// healthy, no sticky sessions and a fixed draw, plus the rewrite the chosen target would apply. Secrets appear only
/// as <see cref="Secret.ToString"/> (<c>***(env:VAR)</c>); header values are never shown except <c>anthropic-beta</c>.
/// </summary>
internal sealed record RouteExplanation
{
    public required RoutingDecision Decision { get; init; }

    public required FlowGateConfig Config { get; init; }

    public required ClientProtocol Protocol { get; init; }

    public required double Draw { get; init; }

    public bool HasBody { get; init; }

    public ValueArray<AppliedRewrite> Applied { get; init; }

    /// <summary>Gets what the running gateway counted against the budgets (targets' rpm/tpm, the gateway key's daily tokens).</summary>
    public LiveBudgets Budgets { get; init; } = LiveBudgets.None;

    /// <summary>Gets the named gateway key asked about (<c>--key</c>), if any.</summary>
    public string? Key { get; init; }

    /// <summary>Gets a value indicating whether any candidate has an rpm or tpm budget (only then is the gateway asked).</summary>
    public bool HasBudgets => Candidates().Any(c => c.Target.Config.RequestsPerMinute is not null || c.Target.Config.TokensPerMinute is not null);

    /// <summary>Runs the decision.</summary>
    public static RouteExplanation Create(FlowGateConfig config, string model, byte[]? body, ClientProtocol protocol, double draw, DateTimeOffset now)
    {
        var table = RouteTable.Create(config.Routing);
        var router = new Router(table);
        var features = body is null ? RequestFeatures.Empty with { Model = model } : RequestFeatureExtractor.Extract(body, protocol);
        features = features with { SessionKey = features.MetadataSessionId ?? features.PromptCacheKey };
        var snapshot = new RoutingSnapshot(TargetHealth.AllHealthy, StickyTable.Empty(config.Routing.Sticky), now);
        var decision = router.Decide(model, features, snapshot, draw);
        var applied = default(ValueArray<AppliedRewrite>);
        if (body is not null && decision.Target is { } target)
        {
            var buffer = new ArrayBufferWriter<byte>(body.Length + 256);
            applied = RequestRewriter.Rewrite(body, buffer, protocol, target.Config.Model, target.Config.Params, config.Routing.EffortTable).Applied;
        }

        return new RouteExplanation { Decision = decision, Config = config, Protocol = protocol, Draw = draw, HasBody = body is not null, Applied = applied };
    }

    /// <summary>
    /// What panic would do: when nothing on the route and its fallbacks is eligible, the request goes to the untried
    /// target whose ejection for transient failures ends first, among these (route/target, enabled ones, plan order).
    /// </summary>
    public IReadOnlyList<string> PanicCandidates()
    {
        if (Decision.Route is not { } route)
        {
            return [];
        }

        var table = RouteTable.Create(Config.Routing);
        return [.. new[] { route.Name }.Concat(Decision.FallbackPlan)
            .Select(name => table.TryGetRoute(name, out var entry) ? entry : null)
            .OfType<RouteEntry>()
            .SelectMany(entry => entry.Targets.Where(t => t.Weight > 0).Select(t => $"{entry.Name}/{t.Id}"))];
    }

    /// <summary>The feature values worth showing (those a request set).</summary>
    public IEnumerable<(string Name, string Value)> FeatureRows()
    {
        var f = Decision.Features;
        if (!HasBody)
        {
            yield break;
        }

        yield return ("messages", Int(f.MessageCount));
        yield return ("tools", Int(f.ToolCount));
        yield return ("prompt_chars", Int(f.PromptChars));
        yield return ("input_tokens (estimate)", Int(f.EstimatedInputTokens));
        if (f.RequestedOutputTokens is { } output)
        {
            yield return ("output_tokens (requested)", Int(output));
        }

        yield return ("stream", f.Stream ? "true" : "false");
        yield return ("thinking", f.ThinkingRequested ? "true" : "false");
        if (f.ThinkingBudget is { } budget)
        {
            yield return ("thinking_budget", Int(budget));
        }

        if (f.ThinkingEffort is { } effort)
        {
            yield return ("effort", effort);
        }

        yield return ("images", f.HasImages ? "true" : "false");
        yield return ("signed_thinking", f.HasSignedThinking ? "true" : "false");
        if (f.LastUserText is { } text)
        {
            yield return ("last_user_text", Text.Clip(text.ReplaceLineEndings(" "), 80));
        }

        if (f.SessionKey is { } session)
        {
            yield return ("session", Text.Clip(session, 80));
        }
    }

    /// <summary>The decision as JSON.</summary>
    public JsonObject ToJson()
    {
        var d = Decision;
        var r = d.Resolution;
        var json = new JsonObject
        {
            ["model"] = d.RequestedModel,
            ["protocol"] = ProtocolName(Protocol),
            ["draw"] = Draw,
            ["health"] = "all targets healthy, no sticky sessions",
            ["resolution"] = new JsonObject
            {
                ["outcome"] = r.Outcome.ToString(),
                ["name"] = r.Name,
                ["alias_chain"] = Array(r.AliasChain),
                ["pattern"] = r.Pattern,
                ["closest_match"] = r.ClosestMatch,
            },
        };
        if (HasBody)
        {
            var f = d.Features;
            json["features"] = new JsonObject
            {
                ["messages_count"] = f.MessageCount,
                ["tools_count"] = f.ToolCount,
                ["prompt_chars"] = f.PromptChars,
                ["input_tokens"] = f.EstimatedInputTokens,
                ["output_tokens"] = f.RequestedOutputTokens,
                ["stream"] = f.Stream,
                ["thinking"] = f.ThinkingRequested,
                ["thinking_budget"] = f.ThinkingBudget,
                ["effort"] = f.ThinkingEffort,
                ["images"] = f.HasImages,
                ["signed_thinking"] = f.HasSignedThinking,
                ["last_user_text"] = f.LastUserText is { } text ? Text.Clip(text, 200) : null,
                ["session"] = f.SessionKey,
            };
        }

        json["upgrade"] = d.Upgrade is { } u
            ? new JsonObject
            {
                ["kind"] = u.Kind.ToString(),
                ["name"] = u.Name,
                ["rule"] = u.RuleName,
                ["step"] = u.Step,
                ["conditions_held"] = u.ConditionsHeld,
                ["held_conditions"] = Array(u.HeldConditions.Select(ConditionText.Of)),
                ["route"] = u.Route,
            }
            : null;
        json["route"] = d.Route is { } route
            ? new JsonObject { ["name"] = route.Name, ["policy"] = Text.Policy(route.Policy) }
            : null;
        var candidates = new JsonArray();
        foreach (var (candidate, target) in Candidates())
        {
            candidates.Add(new JsonObject
            {
                ["target"] = candidate.Target.ToString(),
                ["upstream"] = target.Upstream.Name,
                ["protocol"] = target.Upstream.Protocol.ToString(),
                ["base_url"] = target.Upstream.BaseUrl.ToString(),
                ["key"] = KeyOf(target.Upstream),
                ["model"] = target.Config.Model,
                ["weight"] = candidate.Weight,
                ["eligible"] = candidate.Eligible,
                ["why"] = Eligibility(candidate),
                ["chosen"] = IsChosen(target),
                ["budget"] = target.Config.RequestsPerMinute is null && target.Config.TokensPerMinute is null ? null : Budgets.TargetJson(Decision.Route!.Name, target),
            });
        }

        json["candidates"] = candidates;
        if (Key is { } key)
        {
            json["gateway_key"] = Budgets.Keys.TryGetValue(key, out var live) ? live.DeepClone() : new JsonObject { ["name"] = key, ["unknown"] = Budgets.Unavailable ?? "the gateway has no named key by that name" };
        }

        json["chosen"] = d.Target is { } chosen
            ? new JsonObject
            {
                ["route"] = d.FirstAttempt?.Route?.Name,
                ["target"] = chosen.Id.ToString(),
                ["reason"] = ReasonText(),
            }
            : null;
        json["fallback_plan"] = new JsonObject
        {
            ["max_attempts"] = Config.Routing.Retry.MaxAttempts,
            ["fallbacks"] = Array(d.FallbackPlan),
            ["context_window_fallbacks"] = Array(d.Route?.ContextWindowFallbacks ?? default),
            ["default_fallbacks"] = Array(Config.Routing.Retry.DefaultFallbacks),
            ["panic"] = new JsonObject
            {
                ["rule"] = "when nothing is eligible, the untried target whose transient ejection ends first; refused only when Retry-After or auth ejections keep every target out",
                ["candidates"] = Array(PanicCandidates()),
            },
        };
        if (d.Target is { } t)
        {
            json["target_params"] = ParamsJson(t);
        }

        if (HasBody)
        {
            json["rewrite"] = new JsonArray([.. Applied.Select(a => (JsonNode?)new JsonObject { ["action"] = a.Action.ToString(), ["path"] = a.Path, ["value"] = a.Value })]);
        }

        return json;
    }

    public IEnumerable<(CandidateTarget Candidate, RouteTarget Target)> Candidates()
    {
        if (Decision.Route is not { } route)
        {
            yield break;
        }

        for (var i = 0; i < Decision.Candidates.Count && i < route.Targets.Count; i++)
        {
            yield return (Decision.Candidates[i], route.Targets[i]);
        }
    }

    public bool IsChosen(RouteTarget target) => ReferenceEquals(Decision.Target, target);

    public static string Eligibility(CandidateTarget candidate) =>
        candidate.Weight <= 0 ? "disabled (weight 0)"
        : candidate.CooldownUntil is { } until ? $"cooling down until {until:O}"
        : "eligible";

    public string ReasonText()
    {
        var d = Decision;
        if (d.Target is null)
        {
            return "no target";
        }

        var fromFallback = d.FirstAttempt?.Route is { } attemptRoute && d.Route is { } route && attemptRoute.Name != route.Name;
        var why = d.Reason switch
        {
            SelectionReason.Sticky => "the session's sticky target",
            SelectionReason.SignatureAffinity => "the target that made the request's thinking signature (else the heaviest)",
            _ => PolicyText(d.FirstAttempt?.Route ?? d.Route!),
        };
        return fromFallback ? $"fallback route {d.FirstAttempt!.Route!.Name}: {why}" : why;
    }

    private string PolicyText(RouteEntry route) => route.Policy switch
    {
        SelectionPolicy.Weighted => $"weighted draw {Draw.ToString(CultureInfo.InvariantCulture)} over the eligible targets' weights (total {route.Targets.Where(t => t.Weight > 0).Sum(t => t.Weight)})",
        SelectionPolicy.First => "policy first: the first eligible target",
        SelectionPolicy.RoundRobin => "policy round-robin (no counters here, so a weighted draw)",
        SelectionPolicy.LeastBusy => "policy least-busy: fewest requests in flight (none here), ties by weight",
        SelectionPolicy.UsageBased => "policy usage-based: most rpm/tpm budget left (all untouched here), ties by weight",
        _ => route.Policy.ToString(),
    };

    public static string KeyOf(UpstreamConfig upstream) => upstream.ApiKey?.ToString() ?? "none (the client's key is passed on)";

    public static IEnumerable<(string Name, string Value)> ParamRows(RouteTarget target)
    {
        var p = target.Config.Params;
        if (p.ReasoningEffort is { } effort)
        {
            yield return ("reasoning_effort", effort);
        }

        if (p.ThinkingLevel is { } level)
        {
            yield return ("thinking_level", level);
        }

        if (p.ThinkingBudgetMax is { } budget)
        {
            yield return ("thinking_budget_max", Int(budget));
        }

        if (p.MaxTokensMax is { } max)
        {
            yield return ("max_tokens_max", Int(max));
        }

        if (p.MaxTokensDefault is { } defaultTokens)
        {
            yield return ("max_tokens_default", Int(defaultTokens));
        }

        if (p.AnthropicBeta is { } beta)
        {
            yield return ("anthropic_beta", beta);
        }

        if (!p.ExtraHeaders.IsEmpty)
        {
            yield return ("extra_headers", string.Join(", ", p.ExtraHeaders.Select(h => h.Name + ": ***")));
        }

        if (!p.DropParams.IsEmpty)
        {
            yield return ("drop_params", string.Join(", ", p.DropParams));
        }

        if (!target.Upstream.Headers.IsEmpty)
        {
            yield return ("upstream headers", string.Join(", ", target.Upstream.Headers.Select(h => h.Name + ": ***")));
        }
    }

    public static string ProtocolName(ClientProtocol protocol) => protocol switch
    {
        ClientProtocol.OpenAIChat => "chat",
        ClientProtocol.OpenAIResponses => "responses",
        _ => "anthropic",
    };

    private static JsonObject ParamsJson(RouteTarget target)
    {
        var json = new JsonObject { ["upstream_model"] = target.Config.Model };
        foreach (var (name, value) in ParamRows(target))
        {
            json[name] = value;
        }

        return json;
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static JsonArray Array(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode?)JsonValue.Create(i))]);
}
