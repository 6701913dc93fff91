using System.CommandLine;
using FlowGate.Routing;
using FlowGate.Xgate.Explain;
using Spectre.Console;

namespace FlowGate.Xgate.Commands;

/// <summary><c>xgate route explain MODEL [--body FILE] [--protocol P] [--json]</c>: the core's decision record.</summary>
internal static class RouteCommands
{
    public static Command Create(XgateApp app)
    {
        var command = new Command("route", "Inspect routing decisions.");
        command.Subcommands.Add(Explain(app));
        return command;
    }

    private static Command Explain(XgateApp app)
    {
        var model = new Argument<string>("MODEL") { Description = "The model a client would ask for." };
        var body = new Option<string?>("--body") { Description = "A request body (JSON) to extract features from and rewrite for the chosen target.", HelpName = "FILE" };
        var protocol = new Option<string>("--protocol")
        {
            Description = "The protocol of --body: anthropic (/v1/messages), chat (/v1/chat/completions), responses (/v1/responses).",
            DefaultValueFactory = _ => "anthropic",
        };
        protocol.AcceptOnlyFromAmong("anthropic", "chat", "responses");
        var draw = new Option<double>("--draw")
        {
            Description = "The random draw in [0, 1) a weighted pick uses (fixed, so the answer is repeatable).",
            DefaultValueFactory = _ => 0.0,
        };
        draw.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<double>();
            if (value is < 0 or >= 1)
            {
                r.AddError("--draw must be in [0, 1).");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print the decision as JSON instead of a tree." };
        var key = new Option<string?>("--key") { Description = "A named gateway key (gateway.keys.NAME): show its daily token budget, used and left.", HelpName = "NAME" };
        var command = new Command("explain", "Explain where a request for MODEL goes: alias chain, features, upgrade rule, candidates with weights, the chosen target and why, the fallback plan, the rewritten params. Targets are taken as healthy; the rpm/tpm budgets used and left (and a --key's daily budget) come from the running gateway.");
        command.Arguments.Add(model);
        command.Options.Add(body);
        command.Options.Add(protocol);
        command.Options.Add(draw);
        command.Options.Add(json);
        command.Options.Add(key);
        command.SetAction(async (parse, ct) =>
        {
            var config = app.LoadConfigOrReport(parse);
            if (config is null)
            {
                return ExitCodes.Failure;
            }

            byte[]? bytes = null;
            if (parse.GetValue(body) is { } bodyPath)
            {
                var full = app.ResolvePath(bodyPath);
                if (!File.Exists(full))
                {
                    throw new XgateFailureException($"--body: no such file: {full}");
                }

                bytes = File.ReadAllBytes(full);
            }

            var clientProtocol = parse.GetValue(protocol) switch
            {
                "chat" => ClientProtocol.OpenAIChat,
                "responses" => ClientProtocol.OpenAIResponses,
                _ => ClientProtocol.AnthropicMessages,
            };
            RouteExplanation explanation;
            try
            {
                explanation = RouteExplanation.Create(config, parse.GetValue(model)!, bytes, clientProtocol, parse.GetValue(draw), app.Time.GetUtcNow());
            }
            catch (InvalidRequestBodyException e)
            {
                throw new XgateFailureException($"--body: {e.Message}");
            }

            var keyName = parse.GetValue(key);
            if (keyName is not null && !config.Gateway.NamedKeys.Any(k => k.Name == keyName))
            {
                var names = config.Gateway.NamedKeys.Select(k => k.Name).ToList();
                throw new XgateFailureException($"--key: no named gateway key '{keyName}'; {(names.Count == 0 ? "the config names none (gateway.keys.NAME)" : "named keys: " + string.Join(", ", names))}.");
            }

            // The gateway is asked only when there is a budget to show, so explaining a route needs no running gateway.
            if (explanation.HasBudgets || keyName is not null)
            {
                var gateway = Supervisor.ServiceCatalog.From(config, app)[^1];
                var budgets = await LiveBudgets.FetchAsync(gateway.BaseUrl, Supervisor.ServiceCatalog.GatewayKey(config, app.GetEnvironmentVariable), ct).ConfigureAwait(false);
                explanation = explanation with { Budgets = budgets, Key = keyName };
            }

            if (parse.GetValue(json))
            {
                app.Out.WriteLine(explanation.ToJson().ToJsonString(JsonOutput.Options));
            }
            else
            {
                app.Console.Write(Tree(explanation));
            }

            if (!explanation.Decision.Resolution.Found)
            {
                var closest = explanation.Decision.Resolution.ClosestMatch;
                app.Err.WriteLine(closest is null ? $"Unknown model '{explanation.Decision.RequestedModel}'." : $"Unknown model '{explanation.Decision.RequestedModel}' (did you mean '{closest}'?).");
                return ExitCodes.Failure;
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    internal static Tree Tree(RouteExplanation e)
    {
        var d = e.Decision;
        var r = d.Resolution;
        var tree = new Tree(Markup.Escape($"route explain {d.RequestedModel} ({RouteExplanation.ProtocolName(e.Protocol)}, draw {e.Draw.ToString(System.Globalization.CultureInfo.InvariantCulture)}, all targets healthy)"));

        var resolution = tree.AddNode(Markup.Escape($"resolution: {r.Outcome.ToString().ToLowerInvariant()} -> {r.Name}"));
        if (!r.AliasChain.IsEmpty)
        {
            resolution.AddNode(Markup.Escape("alias chain: " + string.Join(" -> ", r.AliasChain.Append(r.Name))));
        }

        if (r.Pattern is { } pattern)
        {
            resolution.AddNode(Markup.Escape("pattern: " + pattern));
        }

        if (!r.Found && r.ClosestMatch is { } closest)
        {
            resolution.AddNode(Markup.Escape($"unknown; closest: {closest}"));
        }

        if (e.HasBody)
        {
            var features = tree.AddNode("features");
            foreach (var (name, value) in e.FeatureRows())
            {
                features.AddNode(Markup.Escape($"{name}: {value}"));
            }
        }

        if (d.Upgrade is { } u)
        {
            var upgrade = tree.AddNode(Markup.Escape($"upgrade ({u.Kind.ToString().ToLowerInvariant()} {u.Name}): {(u.ConditionsHeld ? "hit" : "not hit")} -> {u.Route}"));
            if (u.RuleName is { } rule)
            {
                upgrade.AddNode(Markup.Escape("rule: " + rule));
            }

            if (u.Step is { } step)
            {
                upgrade.AddNode(Markup.Escape($"step: {step}"));
            }

            foreach (var condition in u.HeldConditions)
            {
                upgrade.AddNode(Markup.Escape("held: " + ConditionText.Of(condition)));
            }
        }

        if (d.Route is { } route)
        {
            var routeNode = tree.AddNode(Markup.Escape($"route: {route.Name} (policy {Text.Policy(route.Policy)})"));
            var candidates = routeNode.AddNode("candidates");
            foreach (var (candidate, target) in e.Candidates())
            {
                var mark = e.IsChosen(target) ? "=> " : string.Empty;
                var node = candidates.AddNode(Markup.Escape($"{mark}{candidate.Target} weight {candidate.Weight}: {RouteExplanation.Eligibility(candidate)}"));
                node.AddNode(Markup.Escape($"upstream {target.Upstream.Name} ({target.Upstream.Protocol}) {target.Upstream.BaseUrl} key {RouteExplanation.KeyOf(target.Upstream)}"));
                if (target.Config.RequestsPerMinute is not null || target.Config.TokensPerMinute is not null)
                {
                    node.AddNode(Markup.Escape(e.Budgets.Describe(route.Name, target)));
                }
            }
        }

        if (e.Key is { } key)
        {
            tree.AddNode(Markup.Escape(e.Budgets.DescribeKey(key) ?? $"gateway key {key}: the running gateway does not know it (restart or reload it after adding the key)"));
        }

        if (d.Target is { } chosen)
        {
            var chosenNode = tree.AddNode(Markup.Escape($"chosen: {chosen.Id}"));
            chosenNode.AddNode(Markup.Escape("why: " + e.ReasonText()));
            var parameters = chosenNode.AddNode(Markup.Escape("params for " + chosen.Config.Model));
            foreach (var (name, value) in RouteExplanation.ParamRows(chosen))
            {
                parameters.AddNode(Markup.Escape($"{name}: {value}"));
            }
        }
        else if (d.Route is not null)
        {
            tree.AddNode("chosen: none (no eligible target)");
        }

        if (d.Route is { } planned)
        {
            var plan = tree.AddNode(Markup.Escape($"fallback plan (at most {e.Config.Routing.Retry.MaxAttempts} attempts)"));
            plan.AddNode(Markup.Escape("fallbacks: " + Text.List(d.FallbackPlan, "none")));
            plan.AddNode(Markup.Escape("context-window fallbacks: " + Text.List(planned.ContextWindowFallbacks, "none")));
            plan.AddNode(Markup.Escape("default fallbacks: " + Text.List(e.Config.Routing.Retry.DefaultFallbacks, "none")));
            plan.AddNode(Markup.Escape("panic (nothing eligible): the untried target whose transient ejection ends first, of " + Text.List(e.PanicCandidates(), "none") + "; refused only when Retry-After or auth ejections keep every target out"));
        }

        if (e.HasBody && d.Target is not null)
        {
            var rewrite = tree.AddNode("rewrite");
            if (e.Applied.IsEmpty)
            {
                rewrite.AddNode("nothing changed");
            }

            foreach (var applied in e.Applied)
            {
                rewrite.AddNode(Markup.Escape(applied.ToString()));
            }
        }

        return tree;
    }
}
