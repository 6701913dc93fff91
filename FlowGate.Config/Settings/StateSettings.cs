using FlowGate.Routing;

namespace FlowGate.Config.Settings;

/// <summary>
/// Where gateway replicas share their routing state: <c>[state]</c> in providers.toml, LiteLLM's
/// <c>router_settings.redis_host</c> / <c>redis_port</c> / <c>redis_password</c> in flowgate.yaml. Without Redis each
/// gateway keeps its state in process. Read at start-up (a change needs a restart).
/// </summary>
public sealed record StateSettings
{
    /// <summary>Gets the Redis endpoints, <c>host:port</c> separated by commas, or <see langword="null"/> for in-process state.</summary>
    public string? Redis { get; init; }

    /// <summary>Gets the Redis password, when the server asks for one (a secret: never logged).</summary>
    public Secret? RedisPassword { get; init; }

    /// <summary>
    /// Checks a Redis endpoint list: one or more <c>host:port</c> separated by commas, ports 1–65535. A password belongs
    /// in <see cref="RedisPassword"/> (a secret), never in the list.
    /// </summary>
    /// <param name="endpoints">The list as written.</param>
    /// <returns>What is wrong with it, or <see langword="null"/> when it is valid.</returns>
    public static string? CheckEndpoints(string endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var entries = endpoints.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length == 0)
        {
            return "must name at least one Redis endpoint, written host:port (for example \"127.0.0.1:6379\").";
        }

        foreach (var entry in entries)
        {
            if (entry.Contains('='))
            {
                return $"'{entry.Split('=')[0]}=…' is not an endpoint; write host:port entries only (a password goes in its own key, as a secret).";
            }

            var colon = entry.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(entry[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                return $"'{entry}' is not host:port with a port from 1 to 65535.";
            }
        }

        return null;
    }
}
