using FlowGate.Routing.Plans;
using FsCheck;
using FsCheck.Fluent;

namespace FlowGate.Routing.Tests.Plans;

/// <summary>
/// A random fallback graph for properties: routes <c>Route0..RouteN</c>, edges as indices (-1 = an unknown name),
/// every reference spelled in a random case. Oracles work on the indices, independently of the code under test.
/// </summary>
public sealed record FallbackGraph(
    int Count,
    (int Index, int Casing)[][] General,
    (int Index, int Casing)[][] ContextWindow,
    (int Index, int Casing)[] Defaults,
    (int Index, int Casing) Start,
    int MaxRoutes)
{
    public static Gen<FallbackGraph> Generator { get; } =
        from n in Gen.Choose(1, 8)
        from general in Gen.ArrayOf(Edges(n), n)
        from context in Gen.ArrayOf(Edges(n), n)
        from defaults in Edges(n)
        from start in Reference(n)
        from max in Gen.Choose(-1, 10)
        select new FallbackGraph(n, general, context, defaults, start, max);

    public string StartName => Name(Start);

    public ValueArray<RouteConfig> Routes
    {
        get
        {
            var routes = new RouteConfig[Count];
            for (var i = 0; i < Count; i++)
            {
                routes[i] = new RouteConfig
                {
                    Name = Canonical(i),
                    Targets = [],
                    Fallbacks = Names(General[i]),
                    ContextWindowFallbacks = Names(ContextWindow[i]),
                };
            }

            return routes.ToValueArray();
        }
    }

    public ValueArray<string> DefaultNames => Names(Defaults);

    public static string Canonical(int index) => "Route" + index;

    public static int IndexOf(string canonical) => int.Parse(canonical.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture);

    public Func<string, RouteConfig?> Lookup()
    {
        var map = new Dictionary<string, RouteConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var route in Routes)
        {
            map.Add(route.Name, route);
        }

        return name => map.GetValueOrDefault(name);
    }

    /// <summary>The known successors of each route in one graph (duplicates kept, order kept).</summary>
    internal int[][] Adjacency(FallbackKind kind)
    {
        var edges = kind == FallbackKind.General ? General : ContextWindow;
        var result = new int[Count][];
        for (var i = 0; i < Count; i++)
        {
            result[i] = [.. edges[i].Where(e => e.Index >= 0).Select(e => e.Index)];
        }

        return result;
    }

    private static Gen<(int Index, int Casing)> Reference(int n) =>
        from index in Gen.Choose(-1, n - 1)
        from casing in Gen.Choose(0, 2)
        select (index, casing);

    private static Gen<(int Index, int Casing)[]> Edges(int n) =>
        from length in Gen.Frequency((2, Gen.Choose(0, 1)), (3, Gen.Choose(0, 4)))
        from edges in Gen.ArrayOf(Reference(n), length)
        select edges;

    private static string Name((int Index, int Casing) reference) => reference switch
    {
        (< 0, 0) => "ghost",
        (< 0, _) => "Ghost",
        (var i, 0) => "route" + i,
        (var i, 1) => "ROUTE" + i,
        (var i, _) => Canonical(i),
    };

    private static ValueArray<string> Names((int Index, int Casing)[] references) => references.Select(Name).ToValueArray();
}
