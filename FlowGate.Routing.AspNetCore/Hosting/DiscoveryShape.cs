using Microsoft.AspNetCore.Http;

namespace FlowGate.Routing.AspNetCore.Hosting;

/// <summary>
/// Which protocol's shape a non-inference request (<c>/v1/models</c>, an unknown <c>/v1/</c> path) is answered in:
/// Anthropic when the client sends <c>anthropic-version</c> or is Claude Code (<c>User-Agent: claude-cli/…</c>), else OpenAI.
/// </summary>
internal static class DiscoveryShape
{
    public static ClientProtocol Of(HttpRequest request) =>
        request.Headers.ContainsKey("anthropic-version") || request.Headers.UserAgent.ToString().StartsWith("claude-cli", StringComparison.OrdinalIgnoreCase)
            ? ClientProtocol.AnthropicMessages
            : ClientProtocol.OpenAIChat;
}
