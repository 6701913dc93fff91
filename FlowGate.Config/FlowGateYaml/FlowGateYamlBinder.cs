using FlowGate.Config.Binding;
using FlowGate.Config.Documents;

namespace FlowGate.Config.FlowGateYaml;

/// <summary>Placeholder until the flowgate.yaml binder lands (branch h2).</summary>
internal static class FlowGateYamlBinder
{
    public static BoundConfig? Bind(ConfigTable root, BindContext context, string? profileOverride) => null;
}
