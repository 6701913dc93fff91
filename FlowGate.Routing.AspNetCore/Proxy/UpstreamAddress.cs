namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// Where an attempt is sent. An instance gets the client's own path and query (it speaks every protocol itself);
/// a direct upstream gets its protocol's endpoint after the configured base URL, written the way the vendors' own
/// settings write it: OpenAI-style bases usually end in <c>/v1</c> (<c>https://api.openai.com/v1</c> →
/// <c>…/v1/chat/completions</c>), Anthropic-style bases usually do not (<c>https://api.anthropic.com</c> →
/// <c>…/v1/messages</c>); either form works.
/// </summary>
internal static class UpstreamAddress
{
    // The addresses an upstream is sent to are few (its base and the four inference paths, a query or not): parsed once.
    private const int CacheCapacity = 1024;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Base, UpstreamProtocol Protocol, ClientProtocol Wire, bool CountTokens, string Path, string Query), Uri> Cache = new();

    public static Uri For(UpstreamConfig upstream, ClientProtocol wire, bool countTokens, string clientPath, string clientQuery)
    {
        var key = (upstream.BaseUrl.OriginalString, upstream.Protocol, wire, countTokens, clientPath, clientQuery);
        if (Cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var address = Create(upstream, wire, countTokens, clientPath, clientQuery);
        if (Cache.Count < CacheCapacity)
        {
            Cache.TryAdd(key, address);
        }

        return address;
    }

    private static Uri Create(UpstreamConfig upstream, ClientProtocol wire, bool countTokens, string clientPath, string clientQuery)
    {
        var root = upstream.BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (upstream.Protocol == UpstreamProtocol.Instance)
        {
            return new Uri(root + Normalize(clientPath) + clientQuery);
        }

        var endpoint = wire switch
        {
            ClientProtocol.AnthropicMessages => countTokens ? "/messages/count_tokens" : "/messages",
            ClientProtocol.OpenAIChat => "/chat/completions",
            _ => "/responses",
        };
        var versioned = root.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? root : root + "/v1";
        var query = wire == ClientProtocol.AnthropicMessages && clientQuery.Contains("beta=true", StringComparison.Ordinal) ? "?beta=true" : string.Empty;
        return new Uri(versioned + endpoint + query);
    }

    /// <summary>Some clients send <c>/v1/v1/…</c> (a base URL that already ends in <c>/v1</c>); instances get <c>/v1/…</c>.</summary>
    public static string Normalize(string path) =>
        path.StartsWith("/v1/v1/", StringComparison.Ordinal) ? path[3..] : path;
}
