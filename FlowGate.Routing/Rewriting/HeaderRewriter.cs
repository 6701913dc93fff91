namespace FlowGate.Routing.Rewriting;

/// <summary>
/// Builds the headers sent upstream from the client's (rewrite step 7): hop-by-hop headers, <c>host</c>,
/// <c>content-length</c>, malformed headers and the client's credentials are dropped; the upstream's and the target's
/// headers are set; <c>anthropic-beta</c> gets the target's values merged in; the upstream key is set last.
/// </summary>
/// <remarks>
/// Order of application: the client's headers (filtered, order kept), then <see cref="UpstreamConfig.Headers"/>,
/// then <see cref="TargetParams.ExtraHeaders"/> — each replacing a header of the same name in place, and never
/// allowed to set a hop-by-hop header, <c>host</c> or <c>content-length</c> — then the
/// <see cref="TargetParams.AnthropicBeta"/> merge, then the credential: <c>x-api-key</c> for an Anthropic upstream,
/// <c>Authorization: Bearer</c> for every other. Without a configured key no credential is sent at all: the
/// client's key is for the gateway, never for the upstream. A header whose name is not an HTTP token or whose value
/// holds CR, LF or NUL is dropped wherever it comes from.
/// </remarks>
internal static class HeaderRewriter
{
    /// <summary>Builds the upstream headers for a request to <paramref name="upstream"/>.</summary>
    /// <param name="clientHeaders">The headers the client sent.</param>
    /// <param name="upstream">The upstream the request goes to (its protocol, key and headers are used).</param>
    /// <param name="parameters">The target's parameters.</param>
    /// <returns>The headers to send, in order.</returns>
    public static IReadOnlyList<HttpHeader> Rewrite(IEnumerable<HttpHeader> clientHeaders, UpstreamConfig upstream, TargetParams parameters)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        return Rewrite(clientHeaders, parameters, upstream.Protocol, upstream.ApiKey, upstream.Headers);
    }

    /// <summary>Builds the upstream headers from the client's headers and the target's configuration.</summary>
    /// <param name="clientHeaders">The headers the client sent.</param>
    /// <param name="parameters">The target's parameters (<see cref="TargetParams.AnthropicBeta"/>, <see cref="TargetParams.ExtraHeaders"/>).</param>
    /// <param name="upstreamProtocol">What the upstream speaks, which decides the credential header.</param>
    /// <param name="apiKey">The upstream's key, if one is configured.</param>
    /// <param name="upstreamHeaders">Headers configured for the upstream.</param>
    /// <returns>The headers to send, in order.</returns>
    public static IReadOnlyList<HttpHeader> Rewrite(
        IEnumerable<HttpHeader> clientHeaders,
        TargetParams parameters,
        UpstreamProtocol upstreamProtocol,
        Secret? apiKey,
        ValueArray<HttpHeader> upstreamHeaders)
    {
        ArgumentNullException.ThrowIfNull(clientHeaders);
        ArgumentNullException.ThrowIfNull(parameters);
        var client = clientHeaders as IReadOnlyList<HttpHeader> ?? [.. clientHeaders];
        var result = new List<HttpHeader>(client.Count + upstreamHeaders.Count + parameters.ExtraHeaders.Count + 2);
        RewriteInto(client, parameters, upstreamProtocol, apiKey, upstreamHeaders, result);
        return result;
    }

    /// <summary>
    /// Builds the upstream headers for a request to <paramref name="upstream"/> into a list the caller owns (and may
    /// reuse from request to request).
    /// </summary>
    /// <param name="clientHeaders">The headers the client sent.</param>
    /// <param name="upstream">The upstream the request goes to (its protocol, key and headers are used).</param>
    /// <param name="parameters">The target's parameters.</param>
    /// <param name="result">Receives the headers to send, in order; cleared first.</param>
    public static void RewriteInto(IReadOnlyList<HttpHeader> clientHeaders, UpstreamConfig upstream, TargetParams parameters, List<HttpHeader> result)
    {
        ArgumentNullException.ThrowIfNull(clientHeaders);
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(result);
        result.Clear();
        RewriteInto(clientHeaders, parameters, upstream.Protocol, upstream.ApiKey, upstream.Headers, result);
    }

    private static void RewriteInto(
        IReadOnlyList<HttpHeader> client,
        TargetParams parameters,
        UpstreamProtocol upstreamProtocol,
        Secret? apiKey,
        ValueArray<HttpHeader> upstreamHeaders,
        List<HttpHeader> result)
    {
        foreach (var header in client)
        {
            if (HeaderRules.IsWellFormed(header) && !HeaderRules.IsReserved(header.Name)
                && !HeaderRules.IsCredential(header.Name) && !ListedInConnection(client, header.Name))
            {
                result.Add(header);
            }
        }

        SetAll(result, upstreamHeaders);
        SetAll(result, parameters.ExtraHeaders);
        if (!string.IsNullOrEmpty(parameters.AnthropicBeta))
        {
            var existing = JoinValues(result, HeaderRules.AnthropicBeta);
            var merged = MergeAnthropicBeta(existing, parameters.AnthropicBeta);
            if (merged.Length > 0)
            {
                Set(result, new HttpHeader(HeaderRules.AnthropicBeta, merged));
            }
            else
            {
                // Nothing valid on either side: the client's empty or broken lines go too, not one line each.
                result.RemoveAll(h => HeaderRules.Is(h.Name, HeaderRules.AnthropicBeta));
            }
        }

        if (apiKey is not null && HeaderRules.IsSafeValue(apiKey.Reveal()))
        {
            Set(result, upstreamProtocol == UpstreamProtocol.Anthropic
                ? new HttpHeader("x-api-key", apiKey.Reveal())
                : new HttpHeader("Authorization", "Bearer " + apiKey.Reveal()));
        }
    }

    /// <summary>
    /// Merges comma-separated <c>anthropic-beta</c> values: <paramref name="existing"/> first in its order, then the
    /// new values of <paramref name="added"/>; whitespace trimmed, empty entries, case-insensitive duplicates and
    /// entries holding CR, LF or NUL dropped.
    /// </summary>
    /// <param name="existing">The client's value, if any.</param>
    /// <param name="added">The values to add, if any.</param>
    /// <returns>The merged value (for example <c>a,b,c</c>); empty when there is nothing to send.</returns>
    public static string MergeAnthropicBeta(string? existing, string? added)
    {
        var tokens = new List<string>();
        AddTokens(tokens, existing);
        AddTokens(tokens, added);
        return string.Join(',', tokens);
    }

    private static void AddTokens(List<string> tokens, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        foreach (var range in value.AsSpan().Split(','))
        {
            var token = value.AsSpan()[range].Trim();
            if (token.IsEmpty || !HeaderRules.IsSafeValue(token) || Contains(tokens, token))
            {
                continue;
            }

            tokens.Add(token.ToString());
        }
    }

    private static bool Contains(List<string> tokens, ReadOnlySpan<char> token)
    {
        foreach (var existing in tokens)
        {
            if (token.Equals(existing, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ListedInConnection(IReadOnlyList<HttpHeader> client, string name)
    {
        foreach (var header in client)
        {
            if (HeaderRules.Is(header.Name, "connection") && header.Value is not null && HeaderRules.Lists(header.Value, name))
            {
                return true;
            }
        }

        return false;
    }

    private static string? JoinValues(List<HttpHeader> headers, string name)
    {
        string? joined = null;
        foreach (var header in headers)
        {
            if (HeaderRules.Is(header.Name, name))
            {
                joined = joined is null ? header.Value : string.Concat(joined, ",", header.Value);
            }
        }

        return joined;
    }

    private static void SetAll(List<HttpHeader> result, ValueArray<HttpHeader> headers)
    {
        foreach (var header in headers)
        {
            if (HeaderRules.IsWellFormed(header) && !HeaderRules.IsReserved(header.Name))
            {
                Set(result, header);
            }
        }
    }

    /// <summary>Replaces the first header of the same name in place and removes the others, or appends.</summary>
    private static void Set(List<HttpHeader> headers, HttpHeader header)
    {
        var first = -1;
        for (var i = 0; i < headers.Count; i++)
        {
            if (!HeaderRules.Is(headers[i].Name, header.Name))
            {
                continue;
            }

            if (first < 0)
            {
                first = i;
                headers[i] = headers[i] with { Value = header.Value };
            }
            else
            {
                headers.RemoveAt(i--);
            }
        }

        if (first < 0)
        {
            headers.Add(header);
        }
    }
}
