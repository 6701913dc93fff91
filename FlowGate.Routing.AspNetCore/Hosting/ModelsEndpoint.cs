using System.Globalization;
using FlowGate.Routing.AspNetCore.Auth;
using FlowGate.Routing.AspNetCore.Errors;
using Microsoft.AspNetCore.Http;

namespace FlowGate.Routing.AspNetCore.Hosting;

/// <summary>
/// <c>GET /v1/models</c>: the listed models (visible routes, upgrade names, visible aliases) in OpenAI's list shape, or
/// Anthropic's when the client is Anthropic-shaped (<see cref="DiscoveryShape"/>). Requires the gateway key.
/// <c>?limit=N</c> keeps the first N (Anthropic also pages with <c>after_id</c> and says <c>has_more</c>).
/// </summary>
/// <remarks>
/// Codex asks <c>GET /v1/models?client_version=…</c> for its own model manifest, a different shape; that request gets
/// 404, which Codex treats as "use the bundled catalog", rather than a list it would misread.
/// </remarks>
internal sealed class ModelsEndpoint(GatewayRuntimeHolder runtime)
{
    public async Task HandleAsync(HttpContext context)
    {
        var protocol = DiscoveryShape.Of(context.Request);
        var current = runtime.Current;
        if (!await GatewayAuth.AuthorizeAsync(context, current.Config, protocol).ConfigureAwait(false))
        {
            return;
        }

        var query = context.Request.Query;
        if (protocol != ClientProtocol.AnthropicMessages && query.ContainsKey("client_version"))
        {
            await ClientErrors.WriteAsync(context, protocol, ErrorKind.NotFound, "FlowGate does not serve a Codex model manifest; use the bundled catalog.").ConfigureAwait(false);
            return;
        }

        var limit = int.MaxValue;
        if (query.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
        {
            await ClientErrors.WriteAsync(context, protocol, ErrorKind.InvalidRequest, "limit must be a positive integer.", code: null, param: "limit").ConfigureAwait(false);
            return;
        }

        var models = current.Table.ListedModels;
        var start = 0;
        if (query.TryGetValue("after_id", out var afterId))
        {
            start = IndexOf(models, afterId.ToString()) + 1;
            start = start == 0 ? models.Count : start;
        }

        var page = models.Skip(start).Take(limit).ToList();
        var hasMore = start + page.Count < models.Count;
        await JsonBody.WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            if (protocol == ClientProtocol.AnthropicMessages)
            {
                ModelList.WriteAnthropic(json, page, hasMore);
            }
            else
            {
                ModelList.WriteOpenAI(json, page);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET /v1/models/{id}</c>: one model object (OpenAI's or Anthropic's shape) for any name a request could use —
    /// a listed model, or a name an alias pattern serves — and 404 <c>model_not_found</c> for the rest.
    /// </summary>
    public async Task HandleOneAsync(HttpContext context)
    {
        var protocol = DiscoveryShape.Of(context.Request);
        var current = runtime.Current;
        if (!await GatewayAuth.AuthorizeAsync(context, current.Config, protocol).ConfigureAwait(false))
        {
            return;
        }

        var requested = context.Request.RouteValues["id"] as string ?? string.Empty;
        var models = current.Table.ListedModels;
        var listed = IndexOf(models, requested);
        var resolution = current.Table.Resolve(requested);
        if (listed < 0 && !resolution.Found)
        {
            var shown = requested.Length <= 100 ? requested : requested[..100] + "…";
            await ClientErrors.UnknownModelAsync(context, protocol, shown, resolution.ClosestMatch).ConfigureAwait(false);
            return;
        }

        var id = listed >= 0 ? models[listed] : requested;
        await JsonBody.WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            if (protocol == ClientProtocol.AnthropicMessages)
            {
                ModelList.WriteAnthropicModel(json, id);
            }
            else
            {
                ModelList.WriteOpenAIModel(json, id);
            }
        }).ConfigureAwait(false);
    }

    private static int IndexOf(IReadOnlyList<string> models, string id)
    {
        for (var i = 0; i < models.Count; i++)
        {
            if (string.Equals(models[i], id, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
