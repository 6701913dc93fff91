using Microsoft.AspNetCore.Routing;

namespace FlowGate.Routing.AspNetCore.Hosting;

/// <summary>Placeholder: models, health, metrics and root endpoints (implemented on branch h5).</summary>
internal static class EdgeEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
    }
}
