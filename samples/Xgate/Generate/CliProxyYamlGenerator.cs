using FlowGate.Config;
using FlowGate.Config.Documents;
using FlowGate.Config.Settings;
using YamlDotNet.Serialization;

namespace FlowGate.Xgate.Generate;

/// <summary>One generated CLIProxyAPI config: the instance, its YAML (secrets included) and what it holds.</summary>
internal sealed record GeneratedInstance(string Name, string Yaml, IReadOnlyList<string> Sections, int ModelCount);

/// <summary>
/// agent-cli's <c>generate_config.py</c> in C#: one CLIProxyAPI YAML per <c>[instances.NAME]</c> of
/// <c>providers.toml</c>, with the keys agent-cli writes (each the instance's value, else <c>[global]</c>'s, else the
/// seed's default; absent ones are left out) and the provider sections of <c>codegen/provider_sections.py</c>:
/// <c>anthropic</c>/<c>minimax</c> → <c>claude-api-key[]</c> (one entry per key), <c>openai</c> →
/// <c>openai-compatibility[]</c> named <c>INSTANCE-openai-INDEX</c> with <c>api-key-entries</c>, <c>gemini</c> →
/// <c>vertex-api-key[]</c> (one entry per key), <c>antigravity</c>/<c>codex</c> → nothing (OAuth files in the auth
/// dir). <c>models</c> lists, once each in file order, every routing <c>model</c> that targets the instance and
/// provider type, as <c>{name, alias}</c>.
/// </summary>
internal static class CliProxyYamlGenerator
{
    private static readonly HashSet<string> ClaudeCompatible = new(StringComparer.Ordinal) { "anthropic", "minimax" };

    /// <summary>Builds every instance's YAML.</summary>
    /// <param name="config">The loaded <c>providers.toml</c>.</param>
    /// <param name="rawRoot">The same file as parsed TOML (the routes' <c>provider</c> keys are read from it).</param>
    /// <param name="warnings">Receives what agent-cli's generator warned about (routes without a provider).</param>
    /// <returns>The instances in file order.</returns>
    public static IReadOnlyList<GeneratedInstance> Generate(FlowGateConfig config, ConfigTable rawRoot, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(rawRoot);
        var routes = RoutingTargets(rawRoot);
        var authDir = Path.GetDirectoryName(config.SourcePath)!;
        var serializer = new SerializerBuilder().Build();
        var result = new List<GeneratedInstance>();
        foreach (var instance in config.Instances)
        {
            var document = Document(instance, authDir, routes, warnings, out var sections, out var models);
            result.Add(new GeneratedInstance(instance.Name, serializer.Serialize(document), sections, models));
        }

        return result;
    }

    private static Dictionary<string, object> Document(InstanceConfig instance, string authDir, List<RawTarget> routes, ICollection<string> warnings, out List<string> sections, out int modelCount)
    {
        var s = instance.Settings;
        var yaml = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["host"] = s.Host,
            ["port"] = instance.Port,
            ["proxy-url"] = s.ProxyUrl,
            ["auth-dir"] = authDir,
            ["request-retry"] = Math.Max(0, s.RequestRetry),
            ["max-retry-interval"] = Math.Max(0, s.MaxRetryInterval),
        };
        if (!string.IsNullOrEmpty(s.RoutingStrategy))
        {
            yaml["routing"] = new Dictionary<string, object> { ["strategy"] = s.RoutingStrategy };
        }

        if (s.DisableCooling is { } cooling)
        {
            yaml["disable-cooling"] = cooling;
        }

        if (s.NonStreamKeepAliveInterval is { } keepAlive)
        {
            yaml["nonstream-keepalive-interval"] = Math.Max(0, keepAlive);
        }

        var streaming = new Dictionary<string, object>(StringComparer.Ordinal);
        if (s.StreamingKeepAliveSeconds is { } seconds)
        {
            streaming["keepalive-seconds"] = Math.Max(0, seconds);
        }

        if (s.StreamingBootstrapRetries is { } retries)
        {
            streaming["bootstrap-retries"] = Math.Max(0, retries);
        }

        if (streaming.Count > 0)
        {
            yaml["streaming"] = streaming;
        }

        var quota = new Dictionary<string, object>(StringComparer.Ordinal);
        if (s.QuotaSwitchProject is { } project)
        {
            quota["switch-project"] = project;
        }

        if (s.QuotaSwitchPreviewModel is { } preview)
        {
            quota["switch-preview-model"] = preview;
        }

        if (quota.Count > 0)
        {
            yaml["quota-exceeded"] = quota;
        }

        if (s.RequestLog is { } requestLog)
        {
            yaml["request-log"] = requestLog;
        }

        if (s.LogsMaxTotalSizeMb is { } logsMb)
        {
            yaml["logs-max-total-size-mb"] = logsMb;
        }

        var claude = new List<object>();
        var openai = new List<object>();
        var vertex = new List<object>();
        var allModels = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < instance.Providers.Count; index++)
        {
            var provider = instance.Providers[index];
            var baseUrl = provider.BaseUrl?.OriginalString ?? string.Empty;
            var models = ModelsFor(instance.Name, provider.Type, routes, warnings);
            if (ClaudeCompatible.Contains(provider.Type) || provider.Type == "gemini")
            {
                allModels.UnionWith(provider.ApiKeys.IsEmpty ? [] : models);
                var target = provider.Type == "gemini" ? vertex : claude;
                foreach (var key in provider.ApiKeys)
                {
                    target.Add(KeyEntry(new Dictionary<string, object> { ["api-key"] = key.Reveal(), ["base-url"] = baseUrl }, models));
                }
            }
            else if (provider.Type == "openai")
            {
                allModels.UnionWith(models);
                openai.Add(KeyEntry(
                    new Dictionary<string, object>
                    {
                        ["name"] = $"{instance.Name}-{provider.Type}-{index}",
                        ["base-url"] = baseUrl,
                        ["api-key-entries"] = provider.ApiKeys.Select(k => (object)new Dictionary<string, object> { ["api-key"] = k.Reveal() }).ToList(),
                    },
                    models));
            }

            // antigravity, codex and other OAuth types: CLIProxyAPI loads their token files from auth-dir.
        }

        sections = [];
        Add(yaml, sections, "claude-api-key", claude);
        Add(yaml, sections, "openai-compatibility", openai);
        Add(yaml, sections, "vertex-api-key", vertex);
        modelCount = allModels.Count;
        return yaml;
    }

    private static Dictionary<string, object> KeyEntry(Dictionary<string, object> entry, List<string> models)
    {
        if (models.Count > 0)
        {
            entry["models"] = models.Select(m => (object)new Dictionary<string, object> { ["name"] = m, ["alias"] = m }).ToList();
        }

        return entry;
    }

    private static void Add(Dictionary<string, object> yaml, List<string> sections, string key, List<object> entries)
    {
        if (entries.Count > 0)
        {
            yaml[key] = entries;
            sections.Add(key);
        }
    }

    private static List<string> ModelsFor(string instance, string providerType, List<RawTarget> routes, ICollection<string> warnings)
    {
        var models = new List<string>();
        foreach (var target in routes)
        {
            if (target.Instance != instance)
            {
                continue;
            }

            if (string.IsNullOrEmpty(target.Provider))
            {
                var warning = $"route '{target.Route}' -> '{instance}' names no provider type; its model is not listed under any provider.";
                if (!warnings.Contains(warning))
                {
                    warnings.Add(warning);
                }

                continue;
            }

            if (target.Provider == providerType && target.Model is { } model && !models.Contains(model, StringComparer.Ordinal))
            {
                models.Add(model);
            }
        }

        return models;
    }

    /// <summary>Every <c>[routing]</c> target that names an instance, in file order (array form and table form).</summary>
    private static List<RawTarget> RoutingTargets(ConfigTable root)
    {
        var targets = new List<RawTarget>();
        if (root["routing"] is not ConfigTable routing)
        {
            return targets;
        }

        foreach (var entry in routing.Entries)
        {
            var list = entry.Value switch
            {
                ConfigArray array => array,
                ConfigTable table => table["targets"] as ConfigArray,
                _ => null,
            };
            foreach (var item in list?.Items ?? [])
            {
                if (item is ConfigTable target && String(target, "instance") is { } instance)
                {
                    targets.Add(new RawTarget(entry.Key, instance, String(target, "provider"), String(target, "model")));
                }
            }
        }

        return targets;
    }

    private static string? String(ConfigTable table, string key) => table[key] is ConfigScalar { Value: string value } ? value : null;

    private sealed record RawTarget(string Route, string Instance, string? Provider, string? Model);
}
