using FlowGate.Config.Settings;
using FlowGate.Routing.Redis;

namespace FlowGate.Gateway;

/// <summary>
/// Whether the gateway shares its routing state through Redis: the environment's <c>FLOWGATE_REDIS</c> (endpoints,
/// <c>host:port</c> separated by commas) overrides the config's <c>[state] redis</c> / <c>router_settings.redis_host</c>;
/// the password is the config's secret.
/// </summary>
internal static class SharedStateChoice
{
    public const string EnvironmentVariable = "FLOWGATE_REDIS";

    /// <summary>Chooses; <c>Error</c> says what is wrong with the environment's value.</summary>
    public static (RedisStateOptions? Options, string? Error) Choose(StateSettings? settings, string? environment)
    {
        var endpoints = string.IsNullOrWhiteSpace(environment) ? settings?.Redis : environment.Trim();
        if (endpoints is null)
        {
            return (null, null);
        }

        if (StateSettings.CheckEndpoints(endpoints) is { } problem)
        {
            return (null, $"{EnvironmentVariable}: {problem}");
        }

        return (new RedisStateOptions { Configuration = endpoints, Password = settings?.RedisPassword?.Reveal() }, null);
    }
}
