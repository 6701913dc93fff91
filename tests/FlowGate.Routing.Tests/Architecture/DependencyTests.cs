namespace FlowGate.Routing.Tests.Architecture;

public sealed class DependencyTests
{
    [Fact]
    public void RoutingCore_ReferencesNoAspNetCoreAssembly()
    {
        var references = typeof(RoutingConfig).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("System.Runtime", references);
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal));
    }

    [Fact]
    public void RoutingCore_ReferencesOnlyTheBaseLibrary()
    {
        var references = typeof(RoutingConfig).Assembly.GetReferencedAssemblies().Select(a => a.Name!);

        Assert.All(references, name => Assert.True(
            name.StartsWith("System.", StringComparison.Ordinal) || name is "System" or "netstandard",
            $"FlowGate.Routing references {name}; the core depends on the base class library only."));
    }
}
