using FlowGate.Config.Binding;
using FlowGate.Routing;

namespace FlowGate.Config.Providers;

/// <summary>
/// <c>[upstreams.NAME]</c> (FlowGate's addition): a direct upstream with a declared protocol, base URL, key and headers.
/// <c>protocol</c> is <c>anthropic</c>, <c>openai</c> (Chat and Responses; <c>wire_api = "chat"</c> for Chat only),
/// <c>openai-chat</c> or <c>openai-responses</c>.
/// </summary>
internal static class UpstreamsSection
{
    private static readonly Dictionary<string, UpstreamProtocol> Protocols = new(StringComparer.OrdinalIgnoreCase)
    {
        ["anthropic"] = UpstreamProtocol.Anthropic,
        ["openai"] = UpstreamProtocol.OpenAI,
        ["openai-chat"] = UpstreamProtocol.OpenAIChat,
        ["openai-responses"] = UpstreamProtocol.OpenAIResponses,
    };

    private static readonly Dictionary<string, bool> WireApis = new(StringComparer.OrdinalIgnoreCase)
    {
        ["chat"] = true,
        ["responses"] = false,
    };

    public static List<UpstreamConfig> Read(TableReader? table, BindContext context)
    {
        var upstreams = new List<UpstreamConfig>();
        foreach (var (name, reader) in RoutingTables.Children(table, context))
        {
            var routingPath = "upstreams" + RoutingTables.Key(name);
            context.Map.Record(routingPath, reader.Position, reader.Path);
            context.Map.Record(routingPath + ".base_url", reader.PositionOf("base_url"), reader.PathOf("base_url"));
            context.Map.Record(routingPath + ".headers", reader.PositionOf("headers"), reader.PathOf("headers"));
            var protocol = reader.Has("protocol") ? reader.Choice("protocol", Protocols) : null;
            if (!reader.Has("protocol"))
            {
                context.Diagnostics.Error(reader.Position, reader.PathOf("protocol"), $"is required: one of {string.Join(", ", Protocols.Keys)}.");
            }

            var chatOnly = reader.Choice("wire_api", WireApis);
            if (chatOnly == true && protocol == UpstreamProtocol.OpenAI)
            {
                protocol = UpstreamProtocol.OpenAIChat;
            }
            else if (chatOnly is not null && protocol is not (UpstreamProtocol.OpenAI or null))
            {
                reader.Error("wire_api", "applies only to protocol = \"openai\".");
            }

            var baseUrl = reader.RequiredString("base_url") is { } text ? ParseUrl(text, reader) : null;
            var apiKey = ReadKey(reader, context);
            var headers = RoutingTables.ReadHeaders(reader.Child("headers"), context);
            reader.Finish();
            if (protocol is { } p && baseUrl is not null)
            {
                upstreams.Add(new UpstreamConfig { Name = name, Protocol = p, BaseUrl = baseUrl, ApiKey = apiKey, Headers = headers });
            }
        }

        return upstreams;
    }

    private static Secret? ReadKey(TableReader reader, BindContext context)
    {
        var written = reader.RawString("api_key");
        var file = reader.String("api_key_file");
        if (written is not null && file is not null)
        {
            reader.Error("api_key_file", "give either api_key or api_key_file, not both.");
            return null;
        }

        if (file is not null)
        {
            var name = reader.PathOf("api_key_file");
            context.Secrets.AddCredential(name, new Secrets.CredentialRef(file, null, reader.PositionOf("api_key_file")));
            return context.Secrets.ResolveCredential(name, reader.PositionOf("api_key_file"), name);
        }

        return written is null ? null : context.Secrets.Resolve(written, reader.PositionOf("api_key"), reader.PathOf("api_key"));
    }

    private static Uri? ParseUrl(string text, TableReader reader)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return url;
        }

        reader.Error("base_url", "must be an absolute http:// or https:// URL.");
        return null;
    }
}
