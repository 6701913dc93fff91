using System.Net.Http.Headers;
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
    public static HttpRequestMessage Create(Uri address, byte[] body, HttpRequest client, RouteTarget target, ClientProtocol clientProtocol, ClientProtocol wire)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, address)
        {
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var header in HeaderRewriter.Rewrite(ClientHeaders(client, clientProtocol, wire), target.Upstream, target.Config.Params))
        {
            if (!IsContentHeader(header.Name))
            {
                request.Headers.TryAddWithoutValidation(header.Name, header.Value);
            }
        }

        if (wire == ClientProtocol.AnthropicMessages && !request.Headers.Contains(UpstreamHeaderPolicy.AnthropicVersion))
        {
            request.Headers.TryAddWithoutValidation(UpstreamHeaderPolicy.AnthropicVersion, UpstreamHeaderPolicy.DefaultAnthropicVersion);
        }

        // Bodies pass through as bytes; a compressed answer could not be inspected for a first-event error.
        request.Headers.AcceptEncoding.Clear();
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "identity");
        return request;
    }

    // A list (not an iterator): the rewriter takes an IReadOnlyList as it is instead of copying it.
    private static List<HttpHeader> ClientHeaders(HttpRequest request, ClientProtocol clientProtocol, ClientProtocol wire)
    {
        var headers = new List<HttpHeader>(request.Headers.Count);
        foreach (var header in request.Headers)
        {
            if (!header.Key.StartsWith(':') && UpstreamHeaderPolicy.Allows(header.Key, clientProtocol, wire))
            {
                headers.Add(new HttpHeader(header.Key, header.Value.ToString()));
            }
        }

        return headers;
    }

    private static bool IsContentHeader(string name) =>
        name.StartsWith("content-", StringComparison.OrdinalIgnoreCase) || name.Equals("accept-encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("expect", StringComparison.OrdinalIgnoreCase);
}
