using Microsoft.AspNetCore.Http;

namespace FlowGate.Routing.AspNetCore.Hosting;

/// <summary>
/// <c>HEAD /</c> and <c>GET /</c>: Claude Code probes <c>HEAD /</c> at start-up. No key is needed, so the answer says
/// only what this is and where to read more — no routes, upstreams or versions.
/// </summary>
internal static class RootEndpoint
{
    public const string DocsUrl = "https://github.com/flowgate/flowgate#readme";

    public static Task HandleAsync(HttpContext context) =>
        JsonBody.WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("name"u8, "FlowGate"u8);
            json.WriteString("description"u8, "LLM gateway: Anthropic Messages, OpenAI Chat Completions and OpenAI Responses."u8);
            json.WriteString("docs"u8, DocsUrl);
            json.WriteString("health"u8, "/health/liveliness"u8);
            json.WriteEndObject();
        });
}
