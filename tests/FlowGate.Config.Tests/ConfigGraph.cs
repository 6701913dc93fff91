using System.Collections;
using System.Reflection;
using FlowGate.Routing;

namespace FlowGate.Config.Tests;

/// <summary>
/// Walks configuration records by reflection: lists where two configs differ (by property path), and which settable
/// properties a config never sets away from their default, so a key a loader silently drops is caught.
/// </summary>
internal static class ConfigGraph
{
    /// <summary>Returns every path at which <paramref name="left"/> and <paramref name="right"/> differ.</summary>
    public static List<string> Differences(object? left, object? right, string path = "")
    {
        var differences = new List<string>();
        Compare(left, right, path, differences);
        return differences;
    }

    /// <summary>
    /// Returns the type-level paths (<c>Routes[].Targets[].Timeout</c>) of settable properties that hold their default value
    /// everywhere in <paramref name="roots"/>.
    /// </summary>
    public static SortedSet<string> NeverSet(params object[] roots)
    {
        var all = new SortedSet<string>(StringComparer.Ordinal);
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            Visit(root, string.Empty, all, set);
        }

        all.ExceptWith(set);
        return all;
    }

    private static void Compare(object? left, object? right, string path, List<string> differences)
    {
        if (left is null || right is null || IsLeaf(left.GetType()))
        {
            if (!Equals(left, right))
            {
                differences.Add($"{path}: {Show(left)} != {Show(right)}");
            }

            return;
        }

        if (left is IEnumerable leftItems && right is IEnumerable rightItems)
        {
            var a = leftItems.Cast<object?>().ToList();
            var b = rightItems.Cast<object?>().ToList();
            if (a.Count != b.Count)
            {
                differences.Add($"{path}: {a.Count} items != {b.Count} items");
            }

            for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
            {
                Compare(a[i], b[i], $"{path}[{i}]", differences);
            }

            return;
        }

        foreach (var property in Settable(left.GetType()))
        {
            Compare(property.GetValue(left), property.GetValue(right), $"{path}.{property.Name}", differences);
        }
    }

    private static void Visit(object? value, string path, SortedSet<string> all, HashSet<string> set)
    {
        if (value is null || IsLeaf(value.GetType()))
        {
            return;
        }

        if (value is IEnumerable items)
        {
            foreach (var item in items)
            {
                Visit(item, path + "[]", all, set);
            }

            return;
        }

        var type = value.GetType();
        var defaults = Activator.CreateInstance(type);
        foreach (var property in Settable(type))
        {
            var propertyPath = $"{path}.{property.Name}";
            all.Add(propertyPath);
            var current = property.GetValue(value);
            if (!Equals(current, property.GetValue(defaults)) && !IsEmpty(current))
            {
                set.Add(propertyPath);
            }

            Visit(current, propertyPath, all, set);
        }
    }

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.SetMethod is not null && p.GetIndexParameters().Length == 0);

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(Uri) || type == typeof(TimeSpan) || type == typeof(Secret)
        || Nullable.GetUnderlyingType(type) is not null;

    private static bool IsEmpty(object? value) => value is null || (value is IEnumerable items and not string && !items.Cast<object>().Any());

    private static string Show(object? value) => value switch
    {
        null => "null",
        Secret secret => secret.ToString(),
        _ => value.ToString() ?? string.Empty,
    };
}
