using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace FlowGate.TestUtils;

/// <summary>
/// Renders an assembly's public surface as sorted text, one member a line, so a snapshot file can be diffed in
/// review. PublicApiGenerator and PublicApiAnalyzers are not served by the package registry here.
/// </summary>
public static class PublicApiRenderer
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance |
                                          BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static string Render(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            lines.Add(TypeLine(type));
            lines.AddRange(Members(type).Order(StringComparer.Ordinal).Select(m => "  " + m));
        }

        return string.Join('\n', lines) + "\n";
    }

    private static string TypeLine(Type type)
    {
        var kind = type switch
        {
            { IsEnum: true } => "enum",
            { IsInterface: true } => "interface",
            { IsValueType: true } => IsRecord(type) ? "record struct" : "struct",
            _ when typeof(Delegate).IsAssignableFrom(type) => "delegate",
            { IsAbstract: true, IsSealed: true } => "static class",
            _ => IsRecord(type) ? "record" : "class",
        };
        var modifiers = !type.IsValueType && !type.IsInterface && type.IsSealed && !type.IsAbstract ? "sealed " :
                        !type.IsInterface && type.IsAbstract && !type.IsSealed ? "abstract " : string.Empty;
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) &&
            baseType != typeof(Enum) && !typeof(Delegate).IsAssignableFrom(type))
        {
            bases.Add(Name(baseType));
        }

        bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(Name).Order(StringComparer.Ordinal));
        return $"{modifiers}{kind} {Name(type)}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : string.Empty)}";
    }

    private static IEnumerable<string> Members(Type type)
    {
        if (type.IsEnum)
        {
            foreach (var name in Enum.GetNames(type))
            {
                yield return $"{name} = {Convert.ToInt64(Enum.Parse(type, name), System.Globalization.CultureInfo.InvariantCulture)}";
            }

            yield break;
        }

        foreach (var member in type.GetMembers(Declared))
        {
            var line = member switch
            {
                ConstructorInfo c when Visible(c) => $"ctor({Parameters(c)})",
                MethodInfo m when Visible(m) && !m.IsSpecialName && !IsCompilerGenerated(m) =>
                    $"{Static(m.IsStatic)}{Virtual(m)}{Name(m.ReturnType)} {m.Name}{GenericArguments(m)}({Parameters(m)})",
                MethodInfo m when Visible(m) && m.IsSpecialName && m.Name.StartsWith("op_", StringComparison.Ordinal) =>
                    $"static {Name(m.ReturnType)} {m.Name}({Parameters(m)})",
                PropertyInfo p when Accessors(p) is { Length: > 0 } accessors =>
                    $"{Static(p.GetAccessors(true)[0].IsStatic)}{Name(p.PropertyType)} {p.Name}{Indexer(p)} {{ {accessors} }}",
                FieldInfo f when f.IsPublic || f.IsFamily =>
                    $"{(f.IsLiteral ? "const " : Static(f.IsStatic))}{(f.IsInitOnly ? "readonly " : string.Empty)}{Name(f.FieldType)} {f.Name}",
                EventInfo e when e.AddMethod is { } add && Visible(add) => $"event {Name(e.EventHandlerType!)} {e.Name}",
                Type nested when nested.IsNestedPublic => null, // rendered as its own type
                _ => null,
            };
            if (line is not null)
            {
                yield return line;
            }
        }
    }

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static bool IsCompilerGenerated(MethodInfo method) =>
        method.Name is "<Clone>$" || method.GetCustomAttribute<CompilerGeneratedAttribute>() is not null && method.Name.Contains('<', StringComparison.Ordinal);

    private static bool IsRecord(Type type) =>
        type.GetMethod("<Clone>$") is not null ||
        (type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null);

    private static string Static(bool isStatic) => isStatic ? "static " : string.Empty;

    private static string Virtual(MethodInfo m) =>
        m.DeclaringType!.IsInterface ? string.Empty :
        m.IsAbstract ? "abstract " :
        m.GetBaseDefinition().DeclaringType != m.DeclaringType ? "override " :
        m.IsVirtual && !m.IsFinal ? "virtual " : string.Empty;

    private static string Accessors(PropertyInfo property)
    {
        var parts = new List<string>();
        if (property.GetMethod is { } get && Visible(get))
        {
            parts.Add("get;");
        }

        if (property.SetMethod is { } set && Visible(set))
        {
            var isInit = set.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
            parts.Add(isInit ? "init;" : "set;");
        }

        return string.Join(' ', parts);
    }

    private static string Indexer(PropertyInfo property) =>
        property.GetIndexParameters() is { Length: > 0 } ps ? "[" + string.Join(", ", ps.Select(p => Name(p.ParameterType))) + "]" : string.Empty;

    private static string GenericArguments(MethodInfo method) =>
        method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p =>
    {
        var prefix = p.IsOut ? "out " : p.ParameterType.IsByRef ? (p.IsIn ? "in " : "ref ") : string.Empty;
        var type = p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType;
        var optional = p.HasDefaultValue ? " = " + (p.DefaultValue?.ToString() ?? "null") : string.Empty;
        return $"{prefix}{Name(type)} {p.Name}{optional}";
    }));

    private static string Name(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        var name = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : type.Namespace + "." + type.Name;
        if (!type.IsGenericType)
        {
            return name;
        }

        var tick = name.IndexOf('`', StringComparison.Ordinal);
        var builder = new StringBuilder(tick < 0 ? name : name[..tick]);
        builder.Append('<').AppendJoin(", ", type.GetGenericArguments().Select(Name)).Append('>');
        return builder.ToString();
    }
}
