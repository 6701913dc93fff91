namespace FlowGate.Routing.Protocols.Model;

/// <summary>A tool of a Responses <c>namespace</c> group, flattened to one name.</summary>
/// <param name="Flat">The flattened name, <c>namespace__tool</c>, used in the model.</param>
/// <param name="Namespace">The namespace's name.</param>
/// <param name="Name">The tool's own name inside the namespace.</param>
internal sealed record NamespacedTool(string Flat, string Namespace, string Name);
