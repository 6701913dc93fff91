namespace FlowGate.Xgate.Launch;

/// <summary>The three model roles of <c>cld</c>: main (<c>ANTHROPIC_MODEL</c>, sonnet slot), fast (haiku slot and subagents), opus.</summary>
internal sealed record ModelChoice(string Main, string Fast, string Opus)
{
    public ModelChoice WithAutoUpgrade(IReadOnlyCollection<string> catalog) =>
        !Main.EndsWith(".auto", StringComparison.OrdinalIgnoreCase) && catalog.Contains(Main + ".auto", StringComparer.OrdinalIgnoreCase)
            ? this with { Main = Main + ".auto" }
            : this;
}

/// <summary>The presets the picker offers first.</summary>
internal enum Scenario
{
    Auto,
    Performance,
    Balanced,
    Economy,
    Custom,
}
