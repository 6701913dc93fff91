namespace FlowGate.Routing;

/// <summary>The wire protocol a client speaks to FlowGate.</summary>
public enum ClientProtocol
{
    /// <summary>Anthropic Messages (<c>POST /v1/messages</c>), spoken by Claude Code.</summary>
    AnthropicMessages,

    /// <summary>OpenAI Chat Completions (<c>POST /v1/chat/completions</c>).</summary>
    OpenAIChat,

    /// <summary>OpenAI Responses (<c>POST /v1/responses</c>), spoken by Codex CLI.</summary>
    OpenAIResponses,
}
