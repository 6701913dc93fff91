namespace FlowGate.Routing;

/// <summary>What an upstream speaks, which decides whether a request is forwarded as is or translated.</summary>
public enum UpstreamProtocol
{
    /// <summary>
    /// A local instance (for example CLIProxyAPI) that speaks every client protocol itself: requests are
    /// forwarded on the same path without translation.
    /// </summary>
    Instance,

    /// <summary>Anthropic Messages only.</summary>
    Anthropic,

    /// <summary>OpenAI: Chat Completions, and Responses natively.</summary>
    OpenAI,

    /// <summary>OpenAI Chat Completions only (<c>wire_api = "chat"</c>).</summary>
    OpenAIChat,

    /// <summary>OpenAI Responses only.</summary>
    OpenAIResponses,
}
