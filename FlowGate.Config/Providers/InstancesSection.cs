using FlowGate.Config.Binding;
using FlowGate.Config.Settings;
using FlowGate.Routing;

namespace FlowGate.Config.Providers;

/// <summary>
/// <c>[instances.NAME]</c>: local CLIProxyAPI processes. Each becomes an <see cref="UpstreamProtocol.Instance"/> upstream
/// at <c>http://127.0.0.1:PORT</c> (where agent-cli's balancer sent its traffic) and an <see cref="InstanceConfig"/> for
/// the supervisor and the generator.
/// </summary>
internal static class InstancesSection
{
    public static (List<InstanceConfig> Instances, List<UpstreamConfig> Upstreams) Read(TableReader? table, CliProxySettings defaults, BindContext context)
    {
        var instances = new List<InstanceConfig>();
        var upstreams = new List<UpstreamConfig>();
        foreach (var (name, reader) in RoutingTables.Children(table, context))
        {
            var routingPath = "upstreams" + RoutingTables.Key(name);
            context.Map.Record(routingPath, reader.Position, reader.Path);
            var port = reader.Int("port", 1, 65535);
            if (port is null && !reader.Has("port"))
            {
                context.Diagnostics.Error(reader.Position, reader.PathOf("port"), "is required.");
            }

            var apiKey = reader.RawString("api_key") is { } written ? context.Secrets.Resolve(written, reader.PositionOf("api_key"), reader.PathOf("api_key")) : null;
            var providers = ReadProviders(reader, context);
            var settings = CliProxySettingsReader.Read(reader, defaults);
            var command = reader.Strings("command", allowSingle: true);
            reader.Finish();
            if (port is not { } p)
            {
                continue;
            }

            instances.Add(new InstanceConfig { Name = name, Port = p, Command = command, Providers = providers, Settings = settings });
            upstreams.Add(new UpstreamConfig
            {
                Name = name,
                Protocol = UpstreamProtocol.Instance,
                BaseUrl = new Uri($"http://127.0.0.1:{p}"),
                ApiKey = apiKey,
            });
        }

        return (instances, upstreams);
    }

    private static ValueArray<InstanceProvider> ReadProviders(TableReader instance, BindContext context)
    {
        var providers = new List<InstanceProvider>();
        foreach (var (_, provider) in RoutingTables.Tables(instance, "providers", context))
        {
            var type = provider.RequiredString("type");
            var baseUrlText = provider.String("base_url");
            Uri? baseUrl = null;
            if (baseUrlText is not null && (!Uri.TryCreate(baseUrlText, UriKind.Absolute, out baseUrl) || baseUrl.Scheme is not ("http" or "https")))
            {
                provider.Error("base_url", "must be an absolute http:// or https:// URL.");
            }

            var keys = new List<Secret>();
            foreach (var (text, position, path) in provider.RawStrings("api_keys"))
            {
                if (context.Secrets.Resolve(text, position, path) is { } key)
                {
                    keys.Add(key);
                }
            }

            var rotation = provider.String("rotation_strategy");
            provider.Finish();
            if (type is not null)
            {
                providers.Add(new InstanceProvider { Type = type, BaseUrl = baseUrl, ApiKeys = [.. keys], RotationStrategy = rotation });
            }
        }

        return [.. providers];
    }
}
