using FlowGate.TestUtils;

namespace FlowGate.Routing.Tests.Architecture;

/// <summary>
/// What the approved public API files are able to catch: a change of nullability, of an attribute, of a record
/// into a class, or in an extension class kept in a Microsoft namespace shows up as a changed line, so the
/// snapshot test fails on it.
/// </summary>
public sealed class PublicApiSnapshotRenderingTests
{
    [Fact]
    public void Render_ShowsNullabilityAnnotations()
    {
        var api = PublicApiSnapshot.Render(typeof(SnapshotSample));

        Assert.Contains("public string? Nickname { get; init; }", api, StringComparison.Ordinal);
        Assert.Contains("public required string Name { get; init; }", api, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ShowsMemberAttributes()
    {
        var api = PublicApiSnapshot.Render(typeof(SnapshotSample));

        Assert.Contains("[System.Obsolete(\"Use Name.\")]", api, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ShowsRecordsAsRecords()
    {
        var api = PublicApiSnapshot.Render(typeof(SnapshotSample));

        Assert.Contains("public sealed record SnapshotSample", api, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_KeepsExtensionClassesInMicrosoftNamespaces()
    {
        var api = PublicApiSnapshot.Render(typeof(Microsoft.Extensions.DependencyInjection.SnapshotSampleExtensions));

        Assert.Contains("public static class SnapshotSampleExtensions", api, StringComparison.Ordinal);
    }

    [Fact]
    public void LineDiff_ShowsOnlyTheChangedLineWithContext()
    {
        var diff = LineDiff.Render("a\nb\nc\nd\ne", "a\nb\nC\nd\ne");

        Assert.Equal("  b\n- c\n+ C\n  d", diff);
    }
}
