using FlowGate.Config.Binding;
using FlowGate.Config.Documents;
using FlowGate.Routing;

namespace FlowGate.Config.FlowGateYaml;

/// <summary>
/// Reads LiteLLM's <c>model_list</c> into routes, targets and direct upstreams.
/// <list type="bullet">
/// <item>Deployments are grouped by <c>model_name</c> in order of first appearance: each name is one route, each
/// deployment one target of it (weight from <c>litellm_params.weight</c>, default 1).</item>
/// <item><c>litellm_params.model</c> is <c>provider/model-id</c>: <c>openai/</c> → <see cref="UpstreamProtocol.OpenAI"/>,
/// <c>anthropic/</c> → <see cref="UpstreamProtocol.Anthropic"/>, <c>openai-responses/</c> →
/// <see cref="UpstreamProtocol.OpenAIResponses"/>; the target's model is what follows the first <c>/</c>.</item>
/// <item><c>api_base</c> is required and kept exactly as written (the LiteLLM-based xgate's <c>api_base</c>s end in <c>/v1</c>; the forwarder appends the
/// client's path after the version segment, as LiteLLM's OpenAI client does).</item>
/// <item>Upstream naming: deployments with the same protocol, <c>api_base</c> (as written) and key reference (the
/// <c>api_key</c> or <c>api_key_ref</c> text as written) share one upstream. It is named after the URL's authority:
/// <c>host</c> when the port is the scheme's default, else <c>host:port</c> (<c>api.openai.com</c>, <c>127.0.0.1:8317</c>).
/// When two different upstreams would get the same name, the later ones, in file order, get <c>#2</c>, <c>#3</c>…
/// (<c>api.vendor.example#2</c>).</item>
/// </list>
/// </summary>
internal sealed class ModelListBinder
{
    private static readonly Dictionary<string, UpstreamProtocol> Providers = new(StringComparer.Ordinal)
    {
        ["openai"] = UpstreamProtocol.OpenAI,
        ["anthropic"] = UpstreamProtocol.Anthropic,
        ["openai-responses"] = UpstreamProtocol.OpenAIResponses,
    };

    private readonly BindContext _context;
    private readonly Dictionary<(UpstreamProtocol Protocol, string BaseUrl, string KeyReference), string> _upstreamKeys = [];
    private readonly HashSet<string> _upstreamNames = new(StringComparer.OrdinalIgnoreCase);

    private ModelListBinder(BindContext context) => _context = context;

    /// <summary>Gets the routes in order of first appearance, with their targets.</summary>
    public List<(string Name, List<TargetConfig> Targets)> Routes { get; } = [];

    /// <summary>Gets the upstreams in order of first use.</summary>
    public List<UpstreamConfig> Upstreams { get; } = [];

    /// <summary>Reads <c>model_list</c> from <paramref name="parent"/> (<c>litellm_base</c>, merged with the active profile).</summary>
    public static ModelListBinder Read(TableReader? parent, BindContext context)
    {
        var binder = new ModelListBinder(context);
        if (parent?.Array("model_list") is not { } list)
        {
            return binder;
        }

        var listPath = parent.PathOf("model_list");
        for (var i = 0; i < list.Items.Count; i++)
        {
            var itemPath = KeyPath.Index(listPath, i);
            if (list.Items[i] is ConfigTable table)
            {
                binder.ReadDeployment(parent.Nested(table, itemPath));
            }
            else
            {
                context.Diagnostics.Error(list.Items[i].Position, itemPath, $"must be a table, not {list.Items[i].Describe()}.");
            }
        }

        return binder;
    }

    /// <summary>Spells a route's key in the core validator's paths: <c>routes["name"]</c>.</summary>
    public static string RoutePath(string name) => "routes" + RoutingTables.Key(name);

    private void ReadDeployment(TableReader deployment)
    {
        var name = deployment.RequiredString("model_name");
        deployment.Accept("model_info");
        var paramsTable = deployment.Child("params");
        var p = deployment.Child("litellm_params");
        if (p is null && !deployment.Has("litellm_params"))
        {
            deployment.Error("litellm_params", "is required.");
        }

        List<TargetConfig>? targets = null;
        if (name is not null)
        {
            var index = Routes.FindIndex(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                Routes.Add((name, targets = []));
                _context.Map.Record(RoutePath(name), deployment.PositionOf("model_name"), deployment.PathOf("model_name"));
                _context.Map.Record(RoutePath(name) + ".targets", deployment.PositionOf("model_name"), deployment.PathOf("model_name"));
            }
            else
            {
                targets = Routes[index].Targets;
                name = Routes[index].Name;
            }
        }

        var read = p is null ? null : ReadParams(p);
        if (name is not null && targets is not null && read is { } target)
        {
            var path = $"{RoutePath(name)}.targets[{targets.Count}]";
            var targetParams = RoutingTables.ReadParams(paramsTable, path, _context);
            if (!target.ExtraHeaders.IsEmpty)
            {
                targetParams = targetParams with { ExtraHeaders = [.. targetParams.ExtraHeaders, .. target.ExtraHeaders] };
                _context.Map.Record(path + ".params.extra_headers", p!.PositionOf("extra_headers"), p.PathOf("extra_headers"));
            }

            targets.Add(target.Target with { Params = targetParams });
            _context.Map.Record(path, deployment.Position, deployment.Path);
            foreach (var (routingKey, fileKey) in new[] { ("weight", "weight"), ("model", "model"), ("upstream", "api_base"), ("timeout", "timeout"), ("rpm", "rpm"), ("tpm", "tpm") })
            {
                _context.Map.Record($"{path}.{routingKey}", p!.PositionOf(fileKey), p.PathOf(fileKey));
            }
        }

        p?.Finish();
        deployment.Finish();
    }

    private (TargetConfig Target, ValueArray<HttpHeader> ExtraHeaders)? ReadParams(TableReader p)
    {
        var model = p.RequiredString("model");
        var apiBase = p.RequiredString("api_base");
        var apiKey = p.String("api_key");
        var apiKeyRef = p.String("api_key_ref");
        var weight = p.Int("weight") ?? 1;
        var rpm = p.Int("rpm");
        var tpm = p.Int("tpm");
        var timeout = p.Duration("timeout", TimeSpan.FromSeconds(1));
        var headers = RoutingTables.ReadHeaders(p.Child("extra_headers"), _context);
        if (apiKey is not null && apiKeyRef is not null)
        {
            p.Error("api_key_ref", "set either api_key or api_key_ref, not both.");
        }

        (UpstreamProtocol Protocol, string Model)? provider = model is null ? null : SplitProvider(model, p);
        Uri? baseUrl = null;
        if (apiBase is not null
            && (!Uri.TryCreate(apiBase, UriKind.Absolute, out baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps)))
        {
            p.Error("api_base", $"must be an absolute http:// or https:// URL, not '{apiBase}'.");
            baseUrl = null;
        }

        if (provider is not { } resolved || baseUrl is null || apiBase is null)
        {
            return null;
        }

        var upstream = UpstreamFor(resolved.Protocol, baseUrl, apiBase, apiKey, apiKeyRef, p);
        var target = new TargetConfig
        {
            Upstream = upstream,
            Model = resolved.Model,
            Weight = weight,
            Timeout = timeout,
            RequestsPerMinute = rpm,
            TokensPerMinute = tpm,
        };
        return (target, headers);
    }

    private static (UpstreamProtocol, string)? SplitProvider(string model, TableReader p)
    {
        var slash = model.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            p.Error("model", $"'{model}' has no provider prefix; write it as 'openai/{model}' or 'anthropic/{model}'.");
            return null;
        }

        var prefix = model[..slash];
        if (!Providers.TryGetValue(prefix, out var protocol))
        {
            p.Error("model", $"unknown provider '{prefix}'{NameSuggestions.DidYouMeanSuffix(prefix, Providers.Keys)}; FlowGate supports: {string.Join(", ", Providers.Keys.Select(k => k + "/"))}.");
            return null;
        }

        var id = model[(slash + 1)..];
        if (id.Trim().Length == 0)
        {
            p.Error("model", $"the model id after '{prefix}/' is empty.");
            return null;
        }

        return (protocol, id);
    }

    private string UpstreamFor(UpstreamProtocol protocol, Uri baseUrl, string written, string? apiKey, string? apiKeyRef, TableReader p)
    {
        var keyReference = apiKeyRef is not null ? "ref:" + apiKeyRef : apiKey is not null ? "key:" + apiKey : string.Empty;
        if (_upstreamKeys.TryGetValue((protocol, written, keyReference), out var existing))
        {
            return existing;
        }

        var authority = baseUrl.IsDefaultPort ? baseUrl.Host : $"{baseUrl.Host}:{baseUrl.Port}";
        var name = authority;
        for (var n = 2; !_upstreamNames.Add(name); n++)
        {
            name = $"{authority}#{n}";
        }

        _upstreamKeys[(protocol, written, keyReference)] = name;
        var secret = apiKeyRef is not null
            ? _context.Secrets.ResolveCredential(apiKeyRef, p.PositionOf("api_key_ref"), p.PathOf("api_key_ref"))
            : apiKey is not null
                ? _context.Secrets.Resolve(apiKey, p.PositionOf("api_key"), p.PathOf("api_key"))
                : null;
        Upstreams.Add(new UpstreamConfig { Name = name, Protocol = protocol, BaseUrl = baseUrl, ApiKey = secret });
        var path = "upstreams" + RoutingTables.Key(name);
        _context.Map.Record(path, p.PositionOf("api_base"), p.PathOf("api_base"));
        _context.Map.Record(path + ".base_url", p.PositionOf("api_base"), p.PathOf("api_base"));
        return name;
    }
}
