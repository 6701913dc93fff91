using System.Text;

namespace FlowGate.Routing.Redis;

/// <summary>Where and how gateway replicas share their routing state through Redis.</summary>
public sealed record RedisStateOptions
{
    /// <summary>
    /// Gets the Redis endpoints, <c>host:port</c> separated by commas (StackExchange.Redis configuration syntax; further
    /// options such as <c>ssl=true</c> may follow). Required.
    /// </summary>
    public string Configuration { get; init; } = string.Empty;

    /// <summary>Gets the Redis password (a secret: never logged), when the server asks for one.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// Gets the prefix of every key and of the pub/sub channel. Replicas that route together share a prefix; gateways
    /// with different configurations on one Redis use different ones.
    /// </summary>
    /// <value>The default value is <c>flowgate</c>.</value>
    public string KeyPrefix { get; init; } = "flowgate";

    /// <summary>Gets this replica's name in Redis (its own messages are recognised by it); a random one by default.</summary>
    public string? ReplicaName { get; init; }

    // The record's printed form (ToString, a log line of the options) shows whether a password is set, never the password.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Configuration = ").Append(Configuration)
            .Append(", Password = ").Append(Password is null ? "(none)" : "(set)")
            .Append(", KeyPrefix = ").Append(KeyPrefix)
            .Append(", ReplicaName = ").Append(ReplicaName);
        return true;
    }
}
