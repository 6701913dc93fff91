namespace FlowGate.Config.Tests.Providers;

public sealed class ProvidersTomlErrorTests : IDisposable
{
    private readonly TempConfigDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void EveryProblem_IsReportedAtOnce_WithPositionPathAndSuggestion()
    {
        _dir.Write("providers.toml", """
            [global]
            main_prot = 8145
            lb_auth_cooldown_ms = "soon"

            [instances.official]
            port = 8146
            providers = [{ type = "codex" }]

            [routing]
            "gpt5" = [
              { instance = "oficial", provider = "codex", model = "gpt-5.2" },
              { instance = "official", provider = "codx", model = "gpt-5.2", wieght = 2 },
            ]
            """);

        Assert.Equal(
            [
                "ROOT/providers.toml:2:1: global.main_prot: unknown key (did you mean 'main_port'?).",
                "ROOT/providers.toml:3:23: global.lb_auth_cooldown_ms: must be a number, not a string.",
                "ROOT/providers.toml:11:16: routing.gpt5[0].instance: unknown instance 'oficial' (did you mean 'official'?).",
                "ROOT/providers.toml:12:39: routing.gpt5[1].provider: instance 'official' has no provider 'codx' (did you mean 'codex'?); it has: codex.",
                "ROOT/providers.toml:12:66: routing.gpt5[1].wieght: unknown key (did you mean 'weight'?).",
            ],
            _dir.Diagnostics("providers.toml"));
    }

    [Fact]
    public void BindingAndValidatorErrors_AreReportedTogether_EachMistakeOnce()
    {
        _dir.Write("providers.toml", """
            [instances.alpha]
            port = 8146
            providers = [{ type = "codex" }]

            [routing]
            "a" = [{ instance = "alhpa", provider = "codex", model = "x" }]
            "b" = [{ instance = "alpha", provider = "codex", model = "y", weight = -2 }]
            """);

        var diagnostics = _dir.Diagnostics("providers.toml");
        Assert.Equal(2, diagnostics.Count);
        Assert.Contains("ROOT/providers.toml:6:21: routing.a[0].instance: unknown instance 'alhpa' (did you mean 'alpha'?).", diagnostics);
        Assert.Contains(diagnostics, d => d.StartsWith("ROOT/providers.toml:7:", StringComparison.Ordinal) && d.Contains("weight", StringComparison.Ordinal));
    }

    [Fact]
    public void CoreValidatorErrors_AreMappedToTheLineThatCausedThem()
    {
        _dir.Write("providers.toml", """
            [instances.a]
            port = 8146
            providers = [{ type = "codex" }]

            [routing]
            "m" = [
              { instance = "a", provider = "codex", model = "x", weight = -1 },
            ]

            [routing.n]
            targets = [{ instance = "a", provider = "codex", model = "y" }]
            fallbacks = ["o"]

            [routing.o]
            targets = [{ instance = "a", provider = "codex", model = "z" }]
            fallbacks = ["n", "nope"]
            """);

        Assert.Equal(
            [
                "ROOT/providers.toml:6:7: routing.m: every target has weight 0, so the route has no enabled target.",
                "ROOT/providers.toml:7:63: routing.m[0].weight: must be 0 (disabled) or more, not -1.",
                "ROOT/providers.toml:12:13: routing.n.fallbacks: fallback cycle: n -> o -> n.",
                "ROOT/providers.toml:16:19: routing.o.fallbacks[1]: unknown route 'nope'.",
            ],
            _dir.Diagnostics("providers.toml"));
    }

    [Fact]
    public void TomlSyntaxErrors_AreEachADiagnosticWithItsPosition()
    {
        _dir.Write("providers.toml", "[global]\nmain_port = 08145\nhost = \"0.0.0.0\"\nproxy = none\n");

        Assert.Equal(
            ["ROOT/providers.toml:2:13: Unexpected leading zero (`0`) for integer `08145`", "ROOT/providers.toml:4:9: expected a value (strings must be quoted)"],
            _dir.Diagnostics("providers.toml"));
    }

    [Fact]
    public void MissingFile_IsAnError()
    {
        Assert.Equal(["ROOT/providers.toml:1:1: no such file."], _dir.Diagnostics("providers.toml"));
    }

    [Fact]
    public void LoadOrThrow_ThrowsWithAllDiagnostics()
    {
        _dir.Write("providers.toml", "[global]\nmain_port = 0\nnope = 1\n");

        var e = Assert.Throws<ConfigLoadException>(() => ConfigLoader.LoadOrThrow(Path.Combine(_dir.Root, "providers.toml"), _dir.Options));

        Assert.Equal(2, e.Diagnostics.Count);
        Assert.Contains("global.main_port: must be between 1 and 65535, not 0.", e.Message, StringComparison.Ordinal);
    }
}
