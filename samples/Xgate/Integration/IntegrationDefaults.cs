using FlowGate.Config;
using FlowGate.Config.Settings;
using FlowGate.Routing;

namespace FlowGate.Xgate.Integration;

/// <summary>
/// The models <c>integration print|apply</c> and <c>launch</c> hand to clients. Names written under
/// <c>integration</c> are checked when the file loads (a name no request could use is a load error), so only the
/// unwritten default, <c>router-default</c>, can be missing: then the first route of the file serves as the default
/// (visible routes first), with a note saying so. A file with no route at all has nothing to hand out: refused.
/// </summary>
internal static class IntegrationDefaults
{
    /// <summary>The default model a file gets when it does not name one.</summary>
    public static readonly string Conventional = new IntegrationSettings().DefaultModel;

    /// <summary>The integration settings with a default model the gateway serves.</summary>
    /// <param name="config">The loaded configuration.</param>
    /// <param name="note">Why the default differs from the file's, or <see langword="null"/>.</param>
    /// <returns>The settings to use.</returns>
    /// <exception cref="XgateFailureException">The file has no route to use.</exception>
    public static IntegrationSettings Effective(FlowGateConfig config, out string? note)
    {
        ArgumentNullException.ThrowIfNull(config);
        note = null;
        var settings = config.Integration;
        var routing = config.Routing;
        if (Serves(routing, settings.DefaultModel))
        {
            return settings;
        }

        var chosen = routing.Routes.FirstOrDefault(r => !r.Hidden) ?? (routing.Routes.Count > 0 ? routing.Routes[0] : null);
        if (chosen is null)
        {
            throw new XgateFailureException(
                $"xgate: {config.SourcePath} has no route to hand to Codex or Claude Code ('{settings.DefaultModel}' is not one, and the file has no routes). " +
                "Add a route, or set integration.default_model to a model the gateway serves.");
        }

        note = $"note: {config.SourcePath} sets no integration.default_model and has no route '{settings.DefaultModel}'; " +
            $"using '{chosen.Name}', its first route (routes: {string.Join(", ", routing.Routes.Select(r => r.Name))}). Set integration.default_model to choose.";
        return settings with { DefaultModel = chosen.Name };
    }

    /// <summary>The settings for names a running gateway lists, when there is no configuration file to read.</summary>
    /// <param name="served">The names the gateway lists.</param>
    /// <returns>The settings.</returns>
    public static IntegrationSettings ForServed(IReadOnlyList<string> served)
    {
        var settings = new IntegrationSettings();
        return served.Count == 0 || served.Contains(settings.DefaultModel, StringComparer.OrdinalIgnoreCase)
            ? settings
            : settings with { DefaultModel = served[0] };
    }

    private static bool Serves(RoutingConfig routing, string model)
    {
        try
        {
            return RouteTable.Create(routing).Resolve(model).Found;
        }
        catch (FlowGate.Routing.Validation.RoutingConfigException)
        {
            return routing.Routes.Any(r => string.Equals(r.Name, model, StringComparison.OrdinalIgnoreCase));
        }
    }
}
