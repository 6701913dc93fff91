namespace FlowGate.Config.Settings;

/// <summary>
/// The models <c>xgate integration print|apply</c> puts into Codex's and Claude Code's settings. Slots left unset
/// follow the LiteLLM-based xgate's rule: opus and sonnet take the default model, haiku and subagents the fast model.
/// </summary>
public sealed record IntegrationSettings
{
    /// <summary>Gets the main model.</summary>
    /// <value>The default value is <c>router-default</c>.</value>
    public string DefaultModel { get; init; } = "router-default";

    /// <summary>Gets the fast model, if set; <see cref="EffectiveFastModel"/> falls back to the default model.</summary>
    public string? FastModel { get; init; }

    /// <summary>Gets the model for Claude Code's opus slot, if set apart.</summary>
    public string? OpusModel { get; init; }

    /// <summary>Gets the model for Claude Code's sonnet slot, if set apart.</summary>
    public string? SonnetModel { get; init; }

    /// <summary>Gets the model for Claude Code's haiku slot, if set apart.</summary>
    public string? HaikuModel { get; init; }

    /// <summary>Gets the fast model, or the default model when none is set.</summary>
    public string EffectiveFastModel => FastModel ?? DefaultModel;
}
