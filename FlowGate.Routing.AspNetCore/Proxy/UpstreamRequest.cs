using FlowGate.Routing.AspNetCore.Proxy.Headers;
using FlowGate.Routing.Rewriting;
using Microsoft.AspNetCore.Http;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// Builds the HTTP request of one attempt: the rewritten body, and the client's headers that
/// <see cref="UpstreamHeaderPolicy"/> lets through to the upstream's protocol, rewritten by the core (the upstream's and
/// the target's configured headers, the key). A request to a Messages upstream always carries <c>anthropic-version</c>:
/// the configured one, else the client's, else <see cref="UpstreamHeaderPolicy.DefaultAnthropicVersion"/>.
/// </summary>
internal static class UpstreamRequest
{
    [ThreadStatic]
    private static (List<HttpHeader> Client, List<HttpHeader> Upstream)? _lists;

    public static HttpRequestMessage Create(Uri address, HttpContent body, HttpRequest client, RouteTarget target, ClientProtocol clientProtocol, ClientProtocol wire)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, address)
        {
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
            Content = body,
        };

        // Unvalidated: the handler writes the text as it is, and nothing parses it into a header value object.
        body.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        var (clientHeaders, upstreamHeaders) = Lists();
        try
        {
            CollectClientHeaders(client, clientProtocol, wire, clientHeaders);
            HeaderRewriter.RewriteInto(clientHeaders, target.Upstream, target.Config.Params, upstreamHeaders);
            foreach (var header in upstreamHeaders)
            {
                if (!IsContentHeader(header.Name))
                {
                    request.Headers.TryAddWithoutValidation(header.Name, header.Value);
                }
            }
        }
        finally
        {
            // Nothing of this request (its key among them) stays behind in the thread's lists.
            clientHeaders.Clear();
            upstreamHeaders.Clear();
        }

        if (wire == ClientProtocol.AnthropicMessages && !request.Headers.Contains(UpstreamHeaderPolicy.AnthropicVersion))
        {
            request.Headers.TryAddWithoutValidation(UpstreamHeaderPolicy.AnthropicVersion, UpstreamHeaderPolicy.DefaultAnthropicVersion);
        }

        // Bodies pass through as bytes; a compressed answer could not be inspected for a first-event error. The client's
        // Accept-Encoding never got here (it is filtered with the content headers).
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "identity");
        return request;
    }

    // The two header lists are used only inside Create, which never awaits, so one pair per thread serves every request.
    private static (List<HttpHeader> Client, List<HttpHeader> Upstream) Lists() =>
        _lists ??= (new List<HttpHeader>(32), new List<HttpHeader>(32));

    private static void CollectClientHeaders(HttpRequest request, ClientProtocol clientProtocol, ClientProtocol wire, List<HttpHeader> headers)
    {
        headers.Clear();
        foreach (var header in request.Headers)
        {
            if (!header.Key.StartsWith(':') && UpstreamHeaderPolicy.Allows(header.Key, clientProtocol, wire))
            {
                headers.Add(new HttpHeader(header.Key, header.Value.ToString()));
            }
        }
    }

    private static bool IsContentHeader(string name) =>
        name.StartsWith("content-", StringComparison.OrdinalIgnoreCase) || name.Equals("accept-encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("expect", StringComparison.OrdinalIgnoreCase);
}
