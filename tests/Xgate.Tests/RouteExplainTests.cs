using System.Text.Json.Nodes;

namespace FlowGate.Xgate.Tests;

public sealed class RouteExplainTests
{
    private const string Canary = "sk-CANARY-7f3a9c1e";
    private const string FileCanary = "sk-FILECANARY-22b8";

    private static string Config(XgateHarness h)
    {
        h.Env["UPSTREAM_KEY"] = Canary;
        h.Write("relay.key", FileCanary + "\n");
        h.Write("providers.toml", """
            [upstreams.anthropic]
            protocol = "anthropic"
            base_url = "https://api.anthropic.com"
            api_key = "${UPSTREAM_KEY}"
            headers = { "x-org-secret" = "${UPSTREAM_KEY}" }

            [upstreams.relay]
            protocol = "openai"
            base_url = "https://relay.example/v1"
            api_key_file = "relay.key"

            [aliases]
            "claude-opus-*" = "opus"
            "big" = "flagship"
            "flagship" = "opus"

            [routing."opus"]
            fallbacks = ["cheap"]
            targets = [
              { upstream = "anthropic", model = "claude-opus-4-6", weight = 3, params = { anthropic_beta = "context-1m-2025-08-07", extra_headers = { "x-tenant-key" = "sk-CANARY-7f3a9c1e" } } },
              { upstream = "relay", model = "claude-opus-4.6", weight = 1, params = { thinking_budget_max = 24576, max_tokens_max = 32000 } },
              { upstream = "relay", model = "disabled-one", weight = 0 },
            ]

            [routing."cheap"]
            targets = [{ upstream = "relay", model = "gpt-4o-mini" }]

            [upgrades."opus.auto"]
            base = "cheap"
            to = "opus"
            when = [{ field = "messages_count", op = ">=", value = 3 }]

            [retry]
            max_attempts = 4
            """);
        h.Write("body.json", """
            {"model":"x","max_tokens":64000,"thinking":{"type":"enabled","budget_tokens":40000},
             "metadata":{"user_id":"user_abc"},
             "messages":[{"role":"user","content":"one"},{"role":"assistant","content":"two"},{"role":"user","content":"three"}]}
            """);
        return "providers.toml";
    }

    [Fact]
    public void Tree_ShowsTheWholeDecision()
    {
        using var h = new XgateHarness();
        var config = Config(h);
        var result = h.Run("--config", config, "route", "explain", "big", "--body", "body.json", "--draw", "0.9");
        Assert.Equal(0, result.ExitCode);
        XgateHarness.AssertGolden("route-explain-big.txt", result.Out);
    }

    [Fact]
    public void Upgrade_RuleHit_IsShown()
    {
        using var h = new XgateHarness();
        var config = Config(h);
        var hit = h.Run("--config", config, "route", "explain", "opus.auto", "--body", "body.json");
        Assert.Equal(0, hit.ExitCode);
        Assert.Contains("upgrade (rule opus.auto): hit -> opus", hit.Out, StringComparison.Ordinal);
        Assert.Contains("held: messages_count >= 3", hit.Out, StringComparison.Ordinal);

        var miss = h.Run("--config", config, "route", "explain", "opus.auto");
        Assert.Contains("upgrade (rule opus.auto): not hit -> cheap", miss.Out, StringComparison.Ordinal);
        Assert.Contains("chosen: relay/gpt-4o-mini", miss.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_HasEveryPart()
    {
        using var h = new XgateHarness();
        var config = Config(h);
        var result = h.Run("--config", config, "route", "explain", "claude-opus-4-6", "--body", "body.json", "--json");
        Assert.Equal(0, result.ExitCode);
        var json = JsonNode.Parse(result.Out)!;
        Assert.Equal("claude-opus-*", (string?)json["resolution"]!["pattern"]);
        Assert.Equal("opus", (string?)json["route"]!["name"]);
        Assert.Equal(3, (int?)json["features"]!["messages_count"]);
        Assert.Equal(40000, (int?)json["features"]!["thinking_budget"]);
        var candidates = json["candidates"]!.AsArray();
        Assert.Equal(3, candidates.Count);
        Assert.Equal([3, 1, 0], candidates.Select(c => (int)c!["weight"]!).ToArray());
        Assert.Equal([true, true, false], candidates.Select(c => (bool)c!["eligible"]!).ToArray());
        Assert.Equal("disabled (weight 0)", (string?)candidates[2]!["why"]);
        Assert.Equal("***(env:UPSTREAM_KEY)", (string?)candidates[0]!["key"]);
        Assert.StartsWith("***(file:", (string?)candidates[1]!["key"], StringComparison.Ordinal);
        Assert.Equal("anthropic/claude-opus-4-6", (string?)json["chosen"]!["target"]);
        Assert.Equal(["cheap"], json["fallback_plan"]!["fallbacks"]!.AsArray().Select(n => (string)n!).ToArray());
        Assert.Equal(4, (int?)json["fallback_plan"]!["max_attempts"]);
        Assert.Equal("context-1m-2025-08-07", (string?)json["target_params"]!["anthropic_beta"]);
        Assert.Contains(json["rewrite"]!.AsArray(), r => (string?)r!["action"] == "ModelSet" && (string?)r["value"] == "claude-opus-4-6");
    }

    [Fact]
    public void Json_DrawPicksTheLighterTarget_AndItsRewrite()
    {
        using var h = new XgateHarness();
        var config = Config(h);
        var json = JsonNode.Parse(h.Run("--config", config, "route", "explain", "opus", "--body", "body.json", "--json", "--draw", "0.9").Out)!;
        Assert.Equal("relay/claude-opus-4.6", (string?)json["chosen"]!["target"]);
        var actions = json["rewrite"]!.AsArray().Select(r => $"{r!["action"]} {r["path"]} {r["value"]}").ToArray();
        Assert.Contains("ThinkingBudgetCapped thinking.budget_tokens 24576", actions);
        Assert.Contains("MaxTokensCapped max_tokens 32000", actions);
    }

    [Theory]
    [InlineData("big", "--body", "body.json")]
    [InlineData("big", "--body", "body.json", "--json")]
    [InlineData("opus", "--body", "body.json", "--draw", "0.9")]
    [InlineData("opus", "--json", "--draw", "0.9")]
    [InlineData("opus.auto", "--body", "body.json", "--json")]
    [InlineData("nope", "--json")]
    public void NoSecretEverAppears(params string[] args)
    {
        using var h = new XgateHarness();
        var config = Config(h);
        var result = h.Run(["--config", config, "route", "explain", .. args]);
        Assert.NotEqual(2, result.ExitCode);
        Assert.DoesNotContain(Canary, result.All, StringComparison.Ordinal);
        Assert.DoesNotContain(FileCanary, result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownModel_ExitsOne_WithDidYouMean()
    {
        using var h = new XgateHarness();
        var config = Config(h);
        var result = h.Run("--config", config, "route", "explain", "opsu");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Unknown model 'opsu' (did you mean 'opus'?).\n", result.Err);
    }

    [Fact]
    public void BadBody_ExitsOne()
    {
        using var h = new XgateHarness();
        var config = Config(h);
        h.Write("bad.json", "{\"messages\": [");
        var result = h.Run("--config", config, "route", "explain", "opus", "--body", "bad.json");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--body: The request body is not valid JSON", result.Err, StringComparison.Ordinal);
        Assert.Equal(1, h.Run("--config", config, "route", "explain", "opus", "--body", "missing.json").ExitCode);
    }

    [Fact]
    public void Models_TableAndJson()
    {
        using var h = new XgateHarness();
        var config = Config(h);
        var table = h.Run("--config", config, "models");
        Assert.Equal(0, table.ExitCode);
        XgateHarness.AssertGolden("models.txt", table.Out);
        var json = JsonNode.Parse(h.Run("--config", config, "models", "--json").Out)!.AsArray();
        Assert.Equal(["opus", "cheap", "claude-opus-*", "big", "flagship", "opus.auto"], json.Select(n => (string)n!["name"]!).ToArray());
        Assert.Equal("alias pattern", (string?)json[2]!["kind"]);
        Assert.DoesNotContain("CANARY", table.All, StringComparison.Ordinal);
    }
}
