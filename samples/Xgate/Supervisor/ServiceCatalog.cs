using FlowGate.Config;

namespace FlowGate.Xgate.Supervisor;

/// <summary>
/// The processes a configuration describes, in start order: the instances of <c>providers.toml</c> and the
/// <c>services.*</c> of <c>flowgate.yaml</c> first (file order), then the gateway. <c>services.gateway</c> or the LiteLLM-based xgate's
/// <c>services.litellm</c> is the gateway; without a command of its own it runs this repository's gateway host (see
/// <see cref="GatewayLocator"/>).
/// </summary>
internal static class ServiceCatalog
{
    public const string GatewayName = "gateway";

    /// <summary>Names the gateway may be written under in <c>services</c>.</summary>
    public static readonly string[] GatewayServiceNames = ["gateway", "litellm"];

    /// <summary>The services of <paramref name="config"/>, the gateway's command found with <paramref name="app"/>'s environment (see <see cref="GatewayLocator.For"/>).</summary>
    public static IReadOnlyList<ServiceSpec> From(FlowGateConfig config, XgateApp app) => From(config, GatewayLocator.For(app));

    public static IReadOnlyList<ServiceSpec> From(FlowGateConfig config, GatewayLocator locator)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(locator);
        var list = new List<ServiceSpec>();
        foreach (var instance in config.Instances)
        {
            list.Add(new ServiceSpec
            {
                Name = instance.Name,
                Kind = ServiceKind.Instance,
                Port = instance.Port,
                ReadinessPath = "/v1/models",
                Command = ShellForm(instance.Command),
                WorkingDirectory = Path.GetDirectoryName(config.SourcePath),
            });
        }

        ServiceSpec? gatewayService = null;
        foreach (var service in config.Services)
        {
            var spec = new ServiceSpec
            {
                Name = service.Name,
                Kind = ServiceKind.Service,
                Host = service.Host,
                Port = service.Port,
                ReadinessPath = service.ReadinessPath,
                Command = ShellForm(service.Command),
                WorkingDirectory = service.WorkingDirectory ?? Path.GetDirectoryName(config.SourcePath),
            };
            if (GatewayServiceNames.Contains(service.Name, StringComparer.OrdinalIgnoreCase))
            {
                gatewayService ??= spec;
                continue;
            }

            list.Add(spec);
        }

        list.Add(Gateway(config, gatewayService, locator));
        return list;
    }

    /// <summary>Finds a service by name; <c>litellm</c> names the gateway too.</summary>
    public static ServiceSpec? Find(IReadOnlyList<ServiceSpec> services, string name) =>
        services.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? (GatewayServiceNames.Contains(name, StringComparer.OrdinalIgnoreCase) ? services.First(s => s.Kind == ServiceKind.Gateway) : null);

    /// <summary>Picks <c>all</c> (or none given), <c>gateway</c> or one name.</summary>
    /// <exception cref="XgateUsageException">An unknown name; the message lists the known ones.</exception>
    public static IReadOnlyList<ServiceSpec> Select(IReadOnlyList<ServiceSpec> services, string? target)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (target is null or "all")
        {
            return services;
        }

        return Find(services, target) is { } one
            ? [one]
            : throw new XgateUsageException($"xgate: no service '{target}'; known: all, {string.Join(", ", services.Select(s => s.Name))}.");
    }

    /// <summary>The key a client of the gateway sends: <c>FLOWGATE_API_KEY</c>, else the first of <c>gateway.api_keys</c>, else the first named key, else none.</summary>
    public static string? GatewayKey(FlowGateConfig config, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(environment);
        return environment("FLOWGATE_API_KEY") is { Length: > 0 } key ? key
            : config.Gateway.ApiKeys.Count > 0 ? config.Gateway.ApiKeys[0].Reveal()
            : config.Gateway.NamedKeys.Count > 0 ? config.Gateway.NamedKeys[0].Key.Reveal() : null;
    }

    private static ServiceSpec Gateway(FlowGateConfig config, ServiceSpec? service, GatewayLocator locator)
    {
        var host = config.Gateway.Host;
        var port = config.Gateway.Port;

        // The gateway answers /v1/models only with a key when keys are set; its readiness endpoint never needs one.
        var readiness = service is not null && service.ReadinessPath != "/v1/models" ? service.ReadinessPath : "/health/readiness";
        if (service is { Supervised: true })
        {
            return service with { Name = GatewayName, Kind = ServiceKind.Gateway, Host = host, Port = port, ReadinessPath = readiness, CommandSource = $"services.{service.Name}.command" };
        }

        var resolved = locator.Resolve(config.SourcePath);
        return new ServiceSpec
        {
            Name = GatewayName,
            Kind = ServiceKind.Gateway,
            Host = host,
            Port = port,
            ReadinessPath = readiness,
            Command = resolved.Command,
            WorkingDirectory = Path.GetDirectoryName(config.SourcePath),
            CommandSource = resolved.Source,
            BuildFirst = resolved.BuildFirst,

            // The address comes from the config; an inherited ASP.NET address would override it.
            RemoveEnvironment = ["ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_HTTP_PORTS"],
        };
    }

    /// <summary>A command written as one string with spaces runs through <c>/bin/sh -c "exec …"</c>; a list runs as is.</summary>
    private static string[] ShellForm(FlowGate.Routing.ValueArray<string> command) =>
        command.Count == 1 && command[0].Any(char.IsWhiteSpace) ? ["/bin/sh", "-c", "exec " + command[0]] : [.. command];
}
