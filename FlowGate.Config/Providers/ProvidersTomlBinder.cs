using FlowGate.Config.Binding;
using FlowGate.Config.Documents;

namespace FlowGate.Config.Providers;

/// <summary>Binds <c>providers.toml</c> (seed 001's schema and FlowGate's tables) to a <see cref="FlowGateConfig"/>.</summary>
internal static class ProvidersTomlBinder
{
    public static BoundConfig? Bind(ConfigTable root, BindContext context) => null;
}
