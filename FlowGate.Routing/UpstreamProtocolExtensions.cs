namespace FlowGate.Routing;

/// <summary>Which protocol a request is sent in, given what the client and the upstream speak.</summary>
internal static class UpstreamProtocolExtensions
{
    /// <summary>
    /// Gets the protocol a request from <paramref name="client"/> is sent to this upstream in: the client's own
    /// protocol when the upstream speaks it (no translation), otherwise the upstream's preferred protocol.
    /// </summary>
    /// <param name="upstream">The upstream's declared protocol.</param>
    /// <param name="client">The protocol the client spoke.</param>
    /// <returns>The protocol to speak to the upstream.</returns>
    public static ClientProtocol WireProtocolFor(this UpstreamProtocol upstream, ClientProtocol client) => upstream switch
    {
        UpstreamProtocol.Instance => client,
        UpstreamProtocol.Anthropic => ClientProtocol.AnthropicMessages,
        UpstreamProtocol.OpenAI => client == ClientProtocol.AnthropicMessages ? ClientProtocol.OpenAIChat : client,
        UpstreamProtocol.OpenAIChat => ClientProtocol.OpenAIChat,
        UpstreamProtocol.OpenAIResponses => ClientProtocol.OpenAIResponses,
        _ => throw new ArgumentOutOfRangeException(nameof(upstream), upstream, "Unknown upstream protocol."),
    };
}
