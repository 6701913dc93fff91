using System.Collections.Immutable;

namespace FlowGate.Routing.Plans;

/// <summary>
/// Finds cycles in the fallback graphs of a configuration, for validation: cycles are a configuration error,
/// even though <see cref="FallbackChain"/> would terminate on them.
/// </summary>
/// <remarks>
/// The graph has an edge from each route to each known route in its <see cref="RouteConfig.Fallbacks"/> (or
/// <see cref="RouteConfig.ContextWindowFallbacks"/>); names compare case-insensitively, unknown names are ignored and
/// a repeated route name keeps its first definition. Default fallbacks add no edges: they end every chain and are
/// not expanded. Since a graph can hold exponentially many cycles, one witness is reported per strongly connected
/// component that has a cycle: the shortest cycle through its first route in configuration order. A graph has no
/// cycle exactly when nothing is reported. Iterative throughout, so deep graphs cannot overflow the stack.
/// </remarks>
internal static class FallbackCycleDetector
{
    /// <summary>Finds the cycles of both fallback graphs of a configuration.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The <see cref="FallbackKind.General"/> cycles, then the <see cref="FallbackKind.ContextWindow"/> ones; empty when there are none.</returns>
    public static ValueArray<FallbackCycle> FindCycles(RoutingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var general = FindCycles(config.Routes, FallbackKind.General);
        var contextWindow = FindCycles(config.Routes, FallbackKind.ContextWindow);
        return general.IsEmpty ? contextWindow : new ValueArray<FallbackCycle>(general.Items.AddRange(contextWindow.Items));
    }

    /// <summary>Finds the cycles of one fallback graph.</summary>
    /// <param name="routes">The routes.</param>
    /// <param name="kind">Which graph: general or context-window fallbacks.</param>
    /// <returns>One cycle per strongly connected component that has one, ordered by its first route in <paramref name="routes"/>.</returns>
    public static ValueArray<FallbackCycle> FindCycles(ValueArray<RouteConfig> routes, FallbackKind kind)
    {
        var edges = BuildGraph(routes, kind);
        var components = StronglyConnectedComponents(edges);
        var cycles = new List<(int Start, ValueArray<string> Routes)>();
        var inComponent = new int[edges.Length];
        for (var c = 0; c < components.Count; c++)
        {
            var component = components[c];
            var start = int.MaxValue;
            foreach (var node in component)
            {
                start = Math.Min(start, node);
            }

            if (component.Count == 1 && !edges[start].Contains(start))
            {
                continue;
            }

            foreach (var node in component)
            {
                inComponent[node] = c + 1;
            }

            var path = ShortestCycle(start, edges, inComponent, c + 1);
            var names = ImmutableArray.CreateBuilder<string>(path.Count);
            foreach (var node in path)
            {
                names.Add(routes[node].Name);
            }

            cycles.Add((start, new ValueArray<string>(names.MoveToImmutable())));
        }

        cycles.Sort((x, y) => x.Start.CompareTo(y.Start));
        var result = ImmutableArray.CreateBuilder<FallbackCycle>(cycles.Count);
        foreach (var cycle in cycles)
        {
            result.Add(new FallbackCycle(kind, cycle.Routes));
        }

        return new ValueArray<FallbackCycle>(result.MoveToImmutable());
    }

    // Adjacency lists over route positions; a position whose name repeats an earlier route has no edges and no
    // incoming edges, so it cannot be on a cycle.
    private static List<int>[] BuildGraph(ValueArray<RouteConfig> routes, FallbackKind kind)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < routes.Count; i++)
        {
            index.TryAdd(routes[i].Name, i);
        }

        var edges = new List<int>[routes.Count];
        for (var i = 0; i < routes.Count; i++)
        {
            edges[i] = [];
            if (index[routes[i].Name] != i)
            {
                continue;
            }

            var targets = kind == FallbackKind.ContextWindow ? routes[i].ContextWindowFallbacks : routes[i].Fallbacks;
            foreach (var name in targets)
            {
                if (name is not null && index.TryGetValue(name, out var target) && !edges[i].Contains(target))
                {
                    edges[i].Add(target);
                }
            }
        }

        return edges;
    }

    // Tarjan's algorithm with an explicit call stack.
    private static List<List<int>> StronglyConnectedComponents(List<int>[] edges)
    {
        var count = edges.Length;
        var order = new int[count];
        var low = new int[count];
        var onStack = new bool[count];
        Array.Fill(order, -1);
        var stack = new Stack<int>();
        var calls = new Stack<(int Node, int Next)>();
        var components = new List<List<int>>();
        var counter = 0;

        for (var root = 0; root < count; root++)
        {
            if (order[root] >= 0)
            {
                continue;
            }

            Enter(root);
            while (calls.Count > 0)
            {
                var (node, next) = calls.Pop();
                if (next < edges[node].Count)
                {
                    calls.Push((node, next + 1));
                    var target = edges[node][next];
                    if (order[target] < 0)
                    {
                        Enter(target);
                    }
                    else if (onStack[target])
                    {
                        low[node] = Math.Min(low[node], order[target]);
                    }

                    continue;
                }

                if (calls.Count > 0)
                {
                    var parent = calls.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] == order[node])
                {
                    var component = new List<int>();
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack[member] = false;
                        component.Add(member);
                    }
                    while (member != node);

                    components.Add(component);
                }
            }
        }

        return components;

        void Enter(int node)
        {
            order[node] = low[node] = counter++;
            stack.Push(node);
            onStack[node] = true;
            calls.Push((node, 0));
        }
    }

    // Breadth-first search from start inside one component for the shortest way back to start.
    private static List<int> ShortestCycle(int start, List<int>[] edges, int[] inComponent, int component)
    {
        if (edges[start].Contains(start))
        {
            return [start, start];
        }

        var parent = new Dictionary<int, int> { [start] = -1 };
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var target in edges[node])
            {
                if (target == start)
                {
                    var path = new List<int> { start };
                    for (var at = node; at != start; at = parent[at])
                    {
                        path.Add(at);
                    }

                    path.Add(start);

                    // Built backwards from the closing edge: start, node, …, start's successor, start. Flip the inner part.
                    path.Reverse(1, path.Count - 2);
                    return path;
                }

                if (inComponent[target] == component && parent.TryAdd(target, node))
                {
                    queue.Enqueue(target);
                }
            }
        }

        // Unreachable: every node of a component of two or more lies on a cycle through any other.
        return [start, start];
    }
}
