using System.Net.Http.Headers;
using FlowGate.Routing.AspNetCore.Proxy.Headers;
using Microsoft.AspNetCore.Http;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>Copies the upstream answer's headers that <see cref="ClientAnswerHeaderPolicy"/> allows to the client, without hop-by-hop headers and anything with CR or LF.</summary>
internal static class ResponseHeaders
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade", "alt-svc",
    };

    /// <summary>Copies the headers; a translated answer keeps only the content type's media type (its length and encoding change).</summary>
    /// <remarks>The values are read as they arrived (<c>NonValidated</c>): a proxy passes them on, and parsing them only to
    /// format them again would cost a string or more per header.</remarks>
    public static void Copy(HttpResponseMessage upstream, HttpResponse client, bool translated = false)
    {
        foreach (var header in upstream.Headers.NonValidated)
        {
            Set(client, header.Key, header.Value);
        }

        foreach (var header in upstream.Content.Headers.NonValidated)
        {
            if (!translated || header.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase))
            {
                Set(client, header.Key, header.Value);
            }
        }
    }

    private static void Set(HttpResponse client, string name, HeaderStringValues values)
    {
        if (HopByHop.Contains(name) || !ClientAnswerHeaderPolicy.Allows(name))
        {
            return;
        }

        // The common case, one clean value, is set as the string that arrived: no copy, no array.
        string? single = null;
        List<string>? many = null;
        foreach (var value in values)
        {
            if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            {
                continue;
            }

            if (single is null)
            {
                single = value;
            }
            else
            {
                (many ??= [single]).Add(value);
            }
        }

        if (many is not null)
        {
            client.Headers[name] = many.ToArray();
        }
        else if (single is not null)
        {
            client.Headers[name] = single;
        }
    }
}
