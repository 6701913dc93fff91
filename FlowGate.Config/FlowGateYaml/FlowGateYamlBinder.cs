using FlowGate.Config.Binding;
using FlowGate.Config.Documents;
using FlowGate.Config.Profiles;
using FlowGate.Config.Secrets;
using FlowGate.Config.Settings;
using FlowGate.Routing;
using FlowGate.Routing.Failures;

namespace FlowGate.Config.FlowGateYaml;

/// <summary>
/// Binds <c>flowgate.yaml</c> (the LiteLLM-based xgate's schema, <c>config_version: 2</c>; JSON is read the same way) to a
/// <see cref="FlowGateConfig"/>. Every table is read through <see cref="TableReader"/>, so unknown keys anywhere are
/// errors with a "did you mean", and every error carries <c>file:line:col</c> and the YAML key path.
/// <list type="bullet">
/// <item><c>config_version</c>: 2 or absent (1 is an error asking to migrate).</item>
/// <item><c>paths</c> {<c>runtime_dir</c>, <c>active_config</c>, <c>state_file</c>, <c>log_file</c>, <c>log_dir</c>,
/// <c>auth_dir</c>, <c>cliproxy_binary</c>}, relative to the config file's directory.</item>
/// <item><c>services.NAME</c> {<c>host</c>, <c>port</c>, <c>readiness_path</c>, <c>command</c> {<c>cwd</c>, <c>args</c>}};
/// the gateway listens where <c>services.gateway</c>, else <c>services.litellm</c>, says (default 127.0.0.1:4000).</item>
/// <item><c>credentials.upstream.NAME</c> {<c>file</c> | <c>env</c>}: the named keys <c>api_key_ref</c> uses.</item>
/// <item><c>litellm_base</c> {<c>model_list</c> (see <see cref="ModelListBinder"/>), <c>router_settings</c>,
/// <c>litellm_settings</c>, <c>general_settings.master_key</c>} (see <see cref="LiteLlmSettingsBinder"/>). A plain LiteLLM
/// file, with those four keys at the top level and no <c>litellm_base</c>, is read the same way.</item>
/// <item><c>profiles.NAME</c>: overlays of <c>litellm_base</c> (<see cref="ProfileOverlay"/>). The active one is the
/// load option's, else the state file's (<c>paths.state_file</c>, watched for <c>profile set</c>), else none.</item>
/// <item><c>integration</c> {<c>default_model</c>, <c>fast_model</c>, <c>opus_model</c>, <c>sonnet_model</c>,
/// <c>haiku_model</c>}: each a route or alias.</item>
/// <item><c>auth.providers.NAME</c> {<c>method</c>: oauth_poll, <c>auth_url_endpoint</c>, <c>status_endpoint</c>};
/// <c>secret_files</c>: the OAuth token files (<see cref="PathSettings.OAuthTokenFiles"/>).</item>
/// </list>
/// FlowGate's additions, kept few: <c>gateway</c> {<c>api_keys</c> (<c>os.environ/VAR</c>, <c>${VAR}</c> or literal),
/// <c>max_request_body_mb</c>, <c>max_buffered_body_mb</c>, <c>first_byte_timeout</c>, <c>stream_idle_timeout</c> (seconds)}, whose keys join
/// <c>general_settings.master_key</c>; the shared top-level tables <c>aliases</c>, <c>upgrades</c>, <c>ladders</c> and
/// <c>model_router</c>, <c>sticky</c>, <c>failures</c>, <c>effort_table</c>; <c>routes.NAME</c> {<c>policy</c>,
/// <c>hidden</c>}; and, per deployment, <c>model_list[].params</c> (the target params).
/// </summary>
internal static class FlowGateYamlBinder
{
    /// <summary>The keys of a LiteLLM config that <c>litellm_base</c> holds.</summary>
    private static readonly string[] BaseKeys = ["model_list", "router_settings", "litellm_settings", "general_settings"];

    public static BoundConfig? Bind(ConfigTable root, BindContext context, string? profileOverride)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(context);
        var r = new TableReader(root, string.Empty, context.Diagnostics);
        ReadVersion(r);
        var paths = HostTables.ReadPaths(r.Child("paths"), context);
        ReadCredentials(r.Child("credentials"), context);
        var (services, gateway) = ReadServices(r.Child("services"), context);

        var (baseReader, active, profiles) = ReadBase(r, context, paths, profileOverride);
        var models = ModelListBinder.Read(baseReader, context);
        var routeNames = models.Routes.Select(x => x.Name).ToList();
        var settings = LiteLlmSettingsBinder.Read(baseReader?.Child("router_settings"), baseReader?.Child("litellm_settings"), routeNames, context);
        var apiKeys = new List<Secret>();
        if (baseReader?.Child("general_settings") is { } general)
        {
            if (general.String("master_key") is { } master && context.Secrets.Resolve(master, general.PositionOf("master_key"), general.PathOf("master_key")) is { } secret)
            {
                apiKeys.Add(secret);
            }

            general.Finish();
        }

        baseReader?.Finish();

        var resilience = new ResilienceSettings();
        if (settings.RequestTimeout is { } requestTimeout)
        {
            resilience = resilience with { RequestTimeout = requestTimeout };
        }

        (gateway, resilience, var gatewayAllowedFails) = HostTables.ReadGateway(r.Child("gateway"), gateway with { ApiKeys = [.. apiKeys] }, resilience, context);

        var aliases = new List<AliasConfig>(settings.Aliases);
        aliases.AddRange(RoutingTables.ReadAliases(r.Child("aliases"), context));
        var upgrades = RoutingTables.ReadUpgrades(r.Child("upgrades"), context);
        var ladders = RoutingTables.ReadLadders(r.Child("ladders"), context);
        var modelRouter = RoutingTables.ReadModelRouter(r.Child("model_router"), context);

        var routeOptions = ReadRouteOptions(r.Child("routes"), routeNames, settings.Policy, context);
        var sticky = HostTables.ReadSticky(r.Child("sticky"));
        var effortTable = HostTables.ReadEffortTable(r.Child("effort_table"));
        var integration = HostTables.ReadIntegration(r.Child("integration"), context);
        var authProviders = ReadAuth(r.Child("auth"));
        paths = paths with { OAuthTokenFiles = [.. r.Strings("secret_files").Select(context.ResolvePath)] };
        var failures = FailurePolicy.Default;
        if (settings.Cooldown is { } cooldown)
        {
            failures = failures with { TransientCooldown = cooldown };
        }

        if ((settings.AllowedFails ?? gatewayAllowedFails) is { } allowedFails)
        {
            failures = failures with { AllowedFails = allowedFails };
        }

        failures = HostTables.ReadFailures(r.Child("failures"), failures);
        r.Finish();

        var routing = new RoutingConfig
        {
            Upstreams = [.. models.Upstreams],
            Routes =
            [
                .. models.Routes.Select(route => new RouteConfig
                {
                    Name = route.Name,
                    Targets = [.. route.Targets],
                    Policy = routeOptions.GetValueOrDefault(route.Name).Policy ?? settings.Policy,
                    Hidden = routeOptions.GetValueOrDefault(route.Name).Hidden,
                    Fallbacks = [.. settings.Fallbacks.GetValueOrDefault(route.Name) ?? []],
                    ContextWindowFallbacks = [.. settings.ContextWindowFallbacks.GetValueOrDefault(route.Name) ?? []],
                }),
            ],
            Aliases = [.. aliases],
            UpgradeRules = upgrades,
            Ladders = ladders,
            ModelRouter = modelRouter,
            Retry = RetryPolicy.Default with
            {
                MaxAttempts = settings.NumRetries is { } retries ? retries + 1 : RetryPolicy.Default.MaxAttempts,
                DefaultFallbacks = settings.DefaultFallbacks,
            },
            Failures = failures,
            Sticky = sticky,
            EffortTable = effortTable,
        };

        var config = new FlowGateConfig
        {
            Format = ConfigFormat.FlowGateYaml,
            SourcePath = Path.GetFullPath(context.File),
            Routing = routing,
            Gateway = gateway,
            Resilience = resilience,
            Integration = integration,
            Services = [.. services],
            AuthProviders = [.. authProviders],
            Paths = paths,
            State = settings.State,
            ActiveProfile = active,
            Profiles = [.. profiles],
        };
        return new BoundConfig(config, [paths.StateFile]);
    }

    /// <summary>Reads <c>routes.NAME { policy, hidden }</c>: per-route options LiteLLM's model list has no place for.</summary>
    private static Dictionary<string, (SelectionPolicy? Policy, bool Hidden)> ReadRouteOptions(TableReader? table, List<string> routeNames, SelectionPolicy fallback, BindContext context)
    {
        var options = new Dictionary<string, (SelectionPolicy?, bool)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, route) in RoutingTables.Children(table, context))
        {
            if (!routeNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                context.Diagnostics.Error(route.Position, route.Path, $"no model_list entry is named '{name}'{NameSuggestions.DidYouMeanSuffix(name, routeNames)}.");
            }

            options[name] = (route.Choice("policy", RoutingTables.Policies) ?? fallback, route.Bool("hidden", false));
            route.Finish();
        }

        return options;
    }

    private static void ReadVersion(TableReader r)
    {
        switch (r.Long("config_version"))
        {
            case null or 2:
                break;
            case 1:
                r.Error("config_version", "version 1 is no longer read; migrate the file to config_version 2 (credentials.upstream, litellm_base, profiles) and set config_version: 2.");
                break;
            case var other:
                r.Error("config_version", $"unsupported version {other}; this FlowGate reads config_version 2.");
                break;
        }
    }

    private static void ReadCredentials(TableReader? credentials, BindContext context)
    {
        if (credentials is null)
        {
            return;
        }

        if (credentials.Child("upstream") is { } upstream)
        {
            foreach (var name in upstream.Table.Keys.ToList())
            {
                if (upstream.Child(name) is not { } credential)
                {
                    if (upstream.Node(name) is ConfigScalar { Kind: ScalarKind.Null })
                    {
                        upstream.Error(name, "must be a table with 'file' or 'env'.");
                    }

                    continue;
                }

                var file = credential.String("file");
                var env = credential.String("env");
                if ((file is null) == (env is null))
                {
                    credential.Diagnostics.Error(credential.Position, credential.Path, "set exactly one of 'file' (a secret file) or 'env' (an environment variable).");
                }
                else if (file is { Length: 0 } || env is { Length: 0 })
                {
                    credential.Error(file is not null ? "file" : "env", "must not be empty.");
                }
                else
                {
                    context.Secrets.AddCredential(name, new CredentialRef(file, env, credential.PositionOf(file is not null ? "file" : "env")));
                }

                credential.Finish();
            }

            upstream.Finish();
        }

        credentials.Finish();
    }

    private static (List<ServiceConfig> Services, GatewaySettings Gateway) ReadServices(TableReader? services, BindContext context)
    {
        var result = new List<ServiceConfig>();
        var gateway = new GatewaySettings();
        if (services is null)
        {
            return (result, gateway);
        }

        foreach (var name in services.Table.Keys.ToList())
        {
            if (services.Child(name) is not { } s)
            {
                continue;
            }

            var port = s.Int("port", 1, 65535);
            if (port is null && !s.Has("port"))
            {
                s.Error("port", "is required.");
            }

            var service = new ServiceConfig
            {
                Name = name,
                Host = s.String("host") ?? "127.0.0.1",
                Port = port ?? 0,
                ReadinessPath = s.String("readiness_path") ?? "/v1/models",
            };
            if (s.Child("command") is { } command)
            {
                service = service with
                {
                    Command = command.Strings("args"),
                    WorkingDirectory = command.String("cwd") is { } cwd ? context.ResolvePath(cwd) : null,
                };
                command.Finish();
            }

            s.Finish();
            result.Add(service);
        }

        services.Finish();
        var listen = result.Find(s => s.Name == "gateway") ?? result.Find(s => s.Name == "litellm");
        if (listen is { Port: > 0 })
        {
            gateway = gateway with { Host = listen.Host, Port = listen.Port };
        }

        return (result, gateway);
    }

    /// <summary>Picks <c>litellm_base</c> (or the top-level LiteLLM keys), and lays the active profile over it.</summary>
    private static (TableReader? Base, string? Active, List<string> Profiles) ReadBase(TableReader r, BindContext context, PathSettings paths, string? profileOverride)
    {
        ConfigTable? baseTable;
        var basePath = "litellm_base";
        if (r.Has("litellm_base"))
        {
            baseTable = r.Child("litellm_base")?.Table ?? (r.Node("litellm_base") is ConfigScalar { Kind: ScalarKind.Null } ? new ConfigTable(r.PositionOf("litellm_base")) : null);
            foreach (var key in BaseKeys)
            {
                if (r.Entry(key) is { } misplaced)
                {
                    context.Diagnostics.Error(misplaced.KeyPosition, r.PathOf(key), $"belongs inside litellm_base (litellm_base.{key}), since the file has a litellm_base.");
                }
            }
        }
        else
        {
            // A plain LiteLLM config: model_list and the settings tables at the top level.
            baseTable = new ConfigTable(r.Position);
            basePath = string.Empty;
            foreach (var key in BaseKeys)
            {
                if (r.Entry(key) is { } entry)
                {
                    baseTable.TryAdd(entry.Key, entry.KeyPosition, entry.Value);
                }
            }
        }

        var names = new List<string>();
        var profileTables = new Dictionary<string, ConfigTable>(StringComparer.Ordinal);
        var profiles = r.Child("profiles");
        if (profiles is not null)
        {
            foreach (var name in profiles.Table.Keys.ToList())
            {
                names.Add(name);
                switch (profiles.Node(name))
                {
                    case ConfigTable table:
                        profileTables[name] = table;
                        break;
                    case ConfigScalar { Kind: ScalarKind.Null }:
                        profileTables[name] = new ConfigTable(profiles.PositionOf(name));
                        break;
                    case var other:
                        profiles.Error(name, $"must be a table (an overlay of litellm_base), not {other!.Describe()}.");
                        break;
                }
            }

            profiles.Finish();
        }

        var active = profileOverride;
        var fromState = false;
        if (active is null)
        {
            active = ProfileState.ReadActiveProfile(paths.StateFile);
            fromState = active is not null;
        }

        foreach (var (name, table) in profileTables)
        {
            if (name != active)
            {
                CheckProfileKeys(profiles!, name, table, context);
            }
        }

        var origins = new Dictionary<ConfigNode, string>(ReferenceEqualityComparer.Instance);
        if (active is not null)
        {
            if (profileTables.TryGetValue(active, out var profile))
            {
                baseTable = ProfileOverlay.Apply(baseTable ?? new ConfigTable(profile.Position), profile, KeyPath.Child("profiles", active), origins);
            }
            else if (!names.Contains(active, StringComparer.Ordinal))
            {
                var where = fromState ? new SourcePosition(paths.StateFile, 1, 1) : (r.Table.TryGetEntry("profiles", out var key) ? key.KeyPosition : new SourcePosition(context.File, 1, 1));
                var source = fromState ? $"the state file '{paths.StateFile}'" : "the load options";
                var defined = names.Count == 0 ? "the file defines no profiles" : "defined: " + string.Join(", ", names);
                context.Diagnostics.Error(where, "profiles", $"unknown profile '{active}' (set by {source}){NameSuggestions.DidYouMeanSuffix(active, names)}; {defined}.");
            }
        }

        var reader = baseTable is null ? null : new TableReader(baseTable, basePath, context.Diagnostics) { Origins = origins };
        return (reader, active, names);
    }

    /// <summary>Checks the top-level keys of every profile, active or not, so a typo shows before <c>profile set</c>.</summary>
    private static void CheckProfileKeys(TableReader profiles, string name, ConfigTable table, BindContext context)
    {
        foreach (var entry in table.Entries)
        {
            if (!BaseKeys.Contains(entry.Key, StringComparer.Ordinal))
            {
                context.Diagnostics.Error(entry.KeyPosition, KeyPath.Child(profiles.PathOf(name), entry.Key), $"unknown key{NameSuggestions.DidYouMeanSuffix(entry.Key, BaseKeys)}; a profile overlays litellm_base ({string.Join(", ", BaseKeys)}).");
            }
        }
    }

    private static List<AuthProviderConfig> ReadAuth(TableReader? auth)
    {
        var result = new List<AuthProviderConfig>();
        if (auth is null)
        {
            return result;
        }

        if (auth.Child("providers") is { } providers)
        {
            foreach (var name in providers.Table.Keys.ToList())
            {
                if (providers.Child(name) is not { } p)
                {
                    continue;
                }

                var method = p.String("method") ?? "oauth_poll";
                if (method != "oauth_poll")
                {
                    p.Error("method", $"unknown method '{method}'; expected oauth_poll.");
                }

                result.Add(new AuthProviderConfig
                {
                    Name = name,
                    Method = method,
                    AuthUrlEndpoint = Endpoint(p, "auth_url_endpoint"),
                    StatusEndpoint = Endpoint(p, "status_endpoint"),
                });
                p.Finish();
            }

            providers.Finish();
        }

        auth.Finish();
        return result;
    }

    private static string? Endpoint(TableReader p, string key)
    {
        var value = p.String(key);
        if (value is not null && (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            p.Error(key, "must be an absolute http:// or https:// URL.");
        }

        return value;
    }
}
