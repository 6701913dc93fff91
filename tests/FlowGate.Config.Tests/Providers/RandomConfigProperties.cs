using System.Text;
using FlowGate.Routing;
using FlowGate.Routing.Validation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FlowGate.Config.Tests.Providers;

/// <summary>
/// Random providers.toml files, right and wrong (unknown instances, negative weights, fallback cycles, bad ports, no routes,
/// misspelt keys), either load into a config the core accepts or fail with positioned errors; never an exception.
/// </summary>
public sealed class RandomConfigProperties
{
    private static readonly string[] InstancePool = ["a", "b", "c"];
    private static readonly string[] RoutePool = ["m1", "m2", "m3", "m4"];

    [Property(MaxTest = 400)]
    public Property RandomConfigs_LoadAndSatisfyTheInvariants_OrFailWithPositionedErrors() =>
        Prop.ForAll(Arb.From(ConfigText()), text =>
        {
            var result = Load(text);
            var lines = text.Split('\n').Length;

            if (result.Succeeded)
            {
                var routing = result.Config.Routing;
                Assert.Empty(RoutingConfigValidator.Validate(routing));
                _ = RouteTable.Create(routing);
                var upstreams = routing.Upstreams.Select(u => u.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
                Assert.All(routing.Routes, r =>
                {
                    Assert.Contains(r.Targets, t => t.Weight > 0);
                    Assert.All(r.Targets, t => Assert.True(t.Weight >= 0 && upstreams.Contains(t.Upstream)));
                });
            }
            else
            {
                Assert.NotEmpty(result.Errors);
                Assert.All(result.Errors, e => Assert.InRange(e.Position.Line, 1, lines + 1));
            }
        });

    [Fact]
    public void Generator_DrawsLoadableAndRejectedFilesAlike()
    {
        // Both outcomes must be common, or the property above tests only one side.
        var loaded = Gen.Sample(ConfigText(), 100).Count(text => Load(text).Succeeded);

        Assert.InRange(loaded, 10, 90);
    }

    private static ConfigLoadResult Load(string text)
    {
        using var dir = new TempConfigDirectory();
        return ConfigLoader.Load(dir.Write("providers.toml", text), dir.Options);
    }

    // Half the files are drawn from anything the generator can write (mostly wrong: one bad value anywhere
    // rejects the file, and a file with no routes is rejected too), half from well-formed ones, so both
    // outcomes stay common.
    private static Gen<string> ConfigText() => Gen.OneOf(AnyConfigText(), WellFormedConfigText());

    private static Gen<string> WellFormedConfigText() =>
        from routeCount in Gen.Choose(1, RoutePool.Length)
        from routeTexts in Gen.ArrayOf(WellFormedRouteTargets(), routeCount)
        select Render(
            InstancePool.Length,
            [8146, 8147, 8148],
            string.Empty,
            [.. routeTexts.Select((targets, i) => Route(RoutePool[i], targets, fallback: null))]);

    private static Gen<string[]> WellFormedRouteTargets() =>
        from targetCount in Gen.Choose(1, 3)
        from targets in Gen.ArrayOf(
            from instance in Gen.Elements(InstancePool)
            from weight in Gen.Choose(1, 5)
            select $"{{ instance = \"{instance}\", provider = \"codex\", model = \"x-{weight}\", weight = {weight} }}",
            targetCount)
        select targets;

    private static Gen<string> AnyConfigText() =>
        from instanceCount in Gen.Choose(0, 3)
        from ports in Gen.ArrayOf(Gen.Elements(8146, 8147, 0, 70000), 3)
        from typo in Gen.Elements("", "", "", "prot = 1\n")
        from routeCount in Gen.Choose(0, 4)
        from routeTexts in Gen.ArrayOf(RouteText(), routeCount)
        select Render(instanceCount, ports, typo, routeTexts);

    private static Gen<string> RouteText() =>
        from name in Gen.Elements(RoutePool)
        from targetCount in Gen.Choose(0, 3)
        from targetTexts in Gen.ArrayOf(TargetText(), targetCount)
        from fallback in Gen.Elements([null, .. RoutePool, "nope"])
        select Route(name, targetTexts, fallback);

    private static Gen<string> TargetText() =>
        from instance in Gen.Elements([.. InstancePool, "zz"])
        from weight in Gen.Choose(-2, 5)
        from effort in Gen.Elements(null, "high", "hgh")
        select $"{{ instance = \"{instance}\", provider = \"codex\", model = \"x-{weight}\", weight = {weight}{(effort is null ? string.Empty : $", params = {{ reasoning_effort = \"{effort}\" }}")} }}";

    private static string Route(string name, string[] targets, string? fallback) =>
        $"[routing.{name}]\ntargets = [{string.Join(", ", targets)}]\n" + (fallback is null ? string.Empty : $"fallbacks = [\"{fallback}\"]\n");

    private static string Render(int instanceCount, int[] ports, string typo, string[] routes)
    {
        var text = new StringBuilder("[global]\nmain_port = 8145\n").Append(typo);
        for (var i = 0; i < instanceCount; i++)
        {
            text.Append($"\n[instances.{InstancePool[i]}]\nport = {ports[i]}\nproviders = [{{ type = \"codex\" }}]\n");
        }

        // A route name drawn twice is a TOML redefinition error: also a case worth having.
        foreach (var route in routes)
        {
            text.Append('\n').Append(route);
        }

        return text.ToString();
    }
}
