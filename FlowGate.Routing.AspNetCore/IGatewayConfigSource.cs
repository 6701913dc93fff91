using Microsoft.Extensions.Primitives;

namespace FlowGate.Routing.AspNetCore;

/// <summary>
/// Supplies the gateway's configuration and says when it changes. The gateway swaps to a new snapshot when the token
/// fires; requests in flight finish on the snapshot they began with.
/// </summary>
public interface IGatewayConfigSource
{
    /// <summary>Gets the configuration in force.</summary>
    GatewayConfig Current { get; }

    /// <summary>Gets a token that fires when <see cref="Current"/> has changed.</summary>
    /// <returns>The change token.</returns>
    IChangeToken GetChangeToken();
}
