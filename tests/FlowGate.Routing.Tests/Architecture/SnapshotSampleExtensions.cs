using FlowGate.Routing.Tests.Architecture;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>A fixture for <see cref="PublicApiSnapshotRenderingTests"/>: an extension class in a Microsoft namespace.</summary>
public static class SnapshotSampleExtensions
{
    public static string Describe(this SnapshotSample sample) => sample.Name;
}
