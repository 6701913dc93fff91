using FlowGate.Routing.Plans;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FlowGate.Routing.Tests.Plans;

public sealed class FallbackPropertyTests
{
    [Property(Arbitrary = new[] { typeof(FallbackArbitraries) }, MaxTest = 2_000)]
    public void Property_Expand_IsBoundedUniqueReachableAndBreadthFirst(FallbackGraph graph, bool contextWindow)
    {
        var kind = KindOf(contextWindow);
        var lookup = graph.Lookup();
        var result = FallbackChain.Expand(graph.StartName, kind, lookup, graph.DefaultNames, graph.MaxRoutes);
        var full = FallbackChain.Expand(graph.StartName, kind, lookup, graph.DefaultNames, int.MaxValue);
        var expected = OracleChain(graph, kind);

        // Bounded, never the start, never twice, only reachable routes.
        Assert.InRange(result.Count, 0, Math.Max(graph.MaxRoutes, 0));
        Assert.DoesNotContain(result, name => string.Equals(name, graph.StartName, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(result.Count, result.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(result, name => Assert.Contains(name, expected));

        // The unbounded chain is exactly the oracle's breadth-first order; the bound only cuts it.
        Assert.Equal(expected, full.Items);
        Assert.Equal(full.Items.Take(Math.Max(graph.MaxRoutes, 0)), result.Items);
    }

    [Property(Arbitrary = new[] { typeof(FallbackArbitraries) }, MaxTest = 2_000)]
    public void Property_CycleDetector_FindsACycleIffOneExists(FallbackGraph graph, bool contextWindow)
    {
        var kind = KindOf(contextWindow);
        var adjacency = graph.Adjacency(kind);
        var reach = Reachability(adjacency);
        var cycles = FallbackCycleDetector.FindCycles(graph.Routes, kind);

        var hasCycle = HasCycleByDfs(adjacency);
        Assert.Equal(hasCycle, !cycles.IsEmpty);

        // Every reported cycle is a real, simple cycle of the graph.
        foreach (var cycle in cycles)
        {
            Assert.Equal(kind, cycle.Kind);
            var nodes = cycle.Routes.Select(FallbackGraph.IndexOf).ToArray();
            Assert.True(nodes.Length >= 2);
            Assert.Equal(nodes[0], nodes[^1]);
            Assert.Equal(nodes.Length - 1, nodes[..^1].Distinct().Count());
            for (var i = 0; i + 1 < nodes.Length; i++)
            {
                Assert.Contains(nodes[i + 1], adjacency[nodes[i]]);
            }
        }

        // One cycle per strongly connected component with a cycle, and every route on a cycle is covered.
        var firsts = cycles.Select(c => FallbackGraph.IndexOf(c.Routes[0])).ToArray();
        for (var i = 0; i < firsts.Length; i++)
        {
            for (var j = i + 1; j < firsts.Length; j++)
            {
                Assert.False(reach[firsts[i]].Contains(firsts[j]) && reach[firsts[j]].Contains(firsts[i]));
            }
        }

        for (var v = 0; v < graph.Count; v++)
        {
            if (reach[v].Contains(v))
            {
                Assert.Contains(firsts, u => reach[u].Contains(v) && reach[v].Contains(u));
            }
        }
    }

    [Fact]
    public void Generator_DrawsCyclicAndAcyclicGraphsAlike()
    {
        // The "iff" above says little unless both answers are common among the drawn graphs.
        var graphs = Gen.Sample(FallbackArbitraries.Graphs().Generator, 1_000);
        var cyclic = graphs.Count(g => HasCycleByDfs(g.Adjacency(FallbackKind.General)));

        Assert.InRange(cyclic, 100, 900);
    }

    [Property(Arbitrary = new[] { typeof(FallbackArbitraries) }, MaxTest = 1_000)]
    public void Property_FindCyclesOfConfig_IsGeneralThenContextWindow(FallbackGraph graph)
    {
        var config = new RoutingConfig { Routes = graph.Routes, Retry = new RetryPolicy { DefaultFallbacks = graph.DefaultNames } };

        var expected = FallbackCycleDetector.FindCycles(graph.Routes, FallbackKind.General).Items
            .Concat(FallbackCycleDetector.FindCycles(graph.Routes, FallbackKind.ContextWindow).Items);

        Assert.Equal(expected, FallbackCycleDetector.FindCycles(config).Items);
    }

    // Breadth-first over indices with a plain visited array; then the known defaults (general only).
    private static List<string> OracleChain(FallbackGraph graph, FallbackKind kind)
    {
        var adjacency = graph.Adjacency(kind);
        var visited = new bool[graph.Count];
        var order = new List<string>();
        var queue = new Queue<int>();
        if (graph.Start.Index >= 0)
        {
            visited[graph.Start.Index] = true;
            queue.Enqueue(graph.Start.Index);
        }

        while (queue.Count > 0)
        {
            foreach (var next in adjacency[queue.Dequeue()])
            {
                if (!visited[next])
                {
                    visited[next] = true;
                    order.Add(FallbackGraph.Canonical(next));
                    queue.Enqueue(next);
                }
            }
        }

        if (kind == FallbackKind.General)
        {
            foreach (var (index, _) in graph.Defaults)
            {
                if (index >= 0 && !visited[index])
                {
                    visited[index] = true;
                    order.Add(FallbackGraph.Canonical(index));
                }
            }
        }

        return order;
    }

    // Classic white/grey/black depth-first search: a grey successor is a back edge, hence a cycle.
    // A property's parameter: the kind is internal to the core, so FsCheck draws a bool for it.
    private static FallbackKind KindOf(bool contextWindow) => contextWindow ? FallbackKind.ContextWindow : FallbackKind.General;

    private static bool HasCycleByDfs(int[][] adjacency)
    {
        var colour = new int[adjacency.Length];
        for (var v = 0; v < adjacency.Length; v++)
        {
            if (colour[v] == 0 && Visit(v))
            {
                return true;
            }
        }

        return false;

        bool Visit(int v)
        {
            colour[v] = 1;
            foreach (var w in adjacency[v])
            {
                if (colour[w] == 1 || (colour[w] == 0 && Visit(w)))
                {
                    return true;
                }
            }

            colour[v] = 2;
            return false;
        }
    }

    // reach[v] = the nodes reachable from v by one or more edges.
    private static HashSet<int>[] Reachability(int[][] adjacency)
    {
        var reach = new HashSet<int>[adjacency.Length];
        for (var v = 0; v < adjacency.Length; v++)
        {
            reach[v] = [];
            var queue = new Queue<int>(adjacency[v]);
            while (queue.Count > 0)
            {
                var w = queue.Dequeue();
                if (reach[v].Add(w))
                {
                    foreach (var x in adjacency[w])
                    {
                        queue.Enqueue(x);
                    }
                }
            }
        }

        return reach;
    }
}
