namespace FlowGate.MockUpstream;

/// <summary>The endpoints the mock answers, matched on the end of the path so that a base URL with a path prefix works.</summary>
public enum MockEndpoint
{
    /// <summary>Anything else: answered 404.</summary>
    NotFound,

    /// <summary><c>POST …/v1/messages</c> (Anthropic Messages, <c>?beta=true</c> included).</summary>
    Messages,

    /// <summary><c>POST …/v1/messages/count_tokens</c>.</summary>
    CountTokens,

    /// <summary><c>POST …/v1/chat/completions</c> (OpenAI Chat Completions).</summary>
    ChatCompletions,

    /// <summary><c>POST …/v1/responses</c> (OpenAI Responses).</summary>
    Responses,

    /// <summary><c>GET …/v1/models</c>: the OpenAI list, or the Anthropic shape when <c>anthropic-version</c> is sent.</summary>
    Models,

    /// <summary><c>HEAD /</c> and <c>GET /</c>.</summary>
    Root,

    /// <summary><c>GET /health</c>.</summary>
    Health,
}
