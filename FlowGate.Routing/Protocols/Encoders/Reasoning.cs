using FlowGate.Routing.Protocols.Model;
using FlowGate.Routing.Rewriting;

namespace FlowGate.Routing.Protocols.Encoders;

/// <summary>
/// Thinking settings across protocols, through the configurable budget ↔ effort table.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><description>To OpenAI (Chat <c>reasoning_effort</c>, Responses <c>reasoning.effort</c>): an effort given
/// (Anthropic <c>output_config.effort</c>) wins; else a budget maps through the table; <c>adaptive</c> without an
/// effort is <see cref="AdaptiveDefault"/> (Anthropic's own default effort; CLIProxyAPI uses <c>xhigh</c> for Chat
/// and <c>medium</c> for Responses, so they disagree). <c>max</c>, which OpenAI lacks, is
/// clamped to <c>xhigh</c>. <c>disabled</c> sends nothing (older Chat upstreams reject <c>none</c>).</description></item>
/// <item><description>To Anthropic: the effort's budget from the table, as
/// <c>thinking:{type:"enabled",budget_tokens}</c> (not adaptive: every Anthropic-compatible upstream takes a
/// budget); reasoning asked for without an effort (Codex's <c>reasoning:{summary}</c>) is
/// <see cref="OpenAIDefault"/>, OpenAI's default. The budget is raised to Anthropic's minimum of 1024 and kept below
/// <c>max_tokens</c> (rewrite step 5); when that leaves less than 1024, thinking is dropped. <c>none</c> and
/// unknown efforts send no thinking.</description></item>
/// </list>
/// </remarks>
internal static class Reasoning
{
    public const string AdaptiveDefault = "high";

    public const string OpenAIDefault = "medium";

    public const int AnthropicMinimumBudget = 1024;

    public static string? OpenAIEffort(ThinkingSettings? thinking, ThinkingEffortTable table)
    {
        var effort = thinking switch
        {
            null or { Mode: ThinkingMode.Disabled } => null,
            { Effort: { } given } => given,
            { Mode: ThinkingMode.Budget, BudgetTokens: var budget } => table.EffortFor(budget ?? 0),
            { Mode: ThinkingMode.Adaptive } => AdaptiveDefault,
            _ => null,
        };

        return string.Equals(effort, "max", StringComparison.OrdinalIgnoreCase) ? "xhigh" : effort;
    }

    public static int? AnthropicBudget(ThinkingSettings? thinking, int maxTokens, ThinkingEffortTable table, EncodeSession session)
    {
        if (thinking is null or { Mode: ThinkingMode.Disabled })
        {
            return null;
        }

        var effort = thinking.Effort ?? OpenAIDefault;
        if (string.Equals(effort, "none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (table.BudgetFor(effort) is not { } budget)
        {
            session.Drop($"reasoning effort {effort} (not in the effort table)");
            return null;
        }

        budget = Math.Min(Math.Max(budget, AnthropicMinimumBudget), maxTokens - 1);
        if (budget < AnthropicMinimumBudget)
        {
            session.Drop("thinking (max_tokens leaves no room for Anthropic's minimum budget)");
            return null;
        }

        return budget;
    }
}
