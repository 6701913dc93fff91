using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace FlowGate.Routing.Tests.Rewriting;

/// <summary>
/// Generates request bodies in all three protocols: the members the rewriter edits (in every form a number can take,
/// or null, a string, absent) among random other members with escapes, unicode, nesting and random whitespace.
/// </summary>
internal static class RewriteCaseGen
{
    private static readonly Gen<string> Space = Gen.Elements("", "", "", " ", "  ", "\n", "\t", "\r\n  ");

    private static readonly Gen<string> Text = Gen.Elements(
        "\"\"", "\"plain\"", "\"esc \\\" \\\\ \\/ \\b\\f\\n\\r\\t\"", "\"\\u00e9\\ud83d\\ude00\\u0000\"", "\"ü 😀 中文\"",
        "\"model\"", "\"max_tokens\"", "\"}{][,:\"", "\"\\\"thinking\\\":{}\"");

    private static readonly Gen<string> Number = Gen.OneOf(
        Gen.Choose(-5, 200_000).Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Choose(0, 9).Select(i => (i * 4096).ToString(CultureInfo.InvariantCulture)),
        Gen.Elements("0", "-0", "1", "2", "100.5", "32000.0", "3.2e4", "1E3", "2.5e-3", "-7", "1e400", "-1e400", "12345678901"));

    private static readonly string[] ExtraNames =
    [
        "\"messages\"", "\"system\"", "\"tools\"", "\"stream\"", "\"temperature\"", "\"x\"", "\"ü-ñame\"", "\"q\\\"uote\"",
        "\"metadata\"", "\"context_management\"", "\"input\"", "\"store\"", "\"\"", "\"a b\"", "\"thinking_x\"", "\"Model\"",
    ];

    private static readonly string[] DropCandidates =
    [
        "metadata", "stream", "x", "store", "thinking", "max_tokens", "model", "output_config", "reasoning",
        "reasoning_effort", "max_output_tokens", "max_completion_tokens", "absent",
    ];

    public static Gen<RewriteCase> Cases { get; } =
        from protocol in Gen.Elements(ClientProtocol.AnthropicMessages, ClientProtocol.OpenAIChat, ClientProtocol.OpenAIResponses)
        from members in Relevant(protocol)
        from extras in Gen.SubListOf(ExtraNames).SelectMany(names => Gen.CollectToArray(names, name => Value(3).Select(v => (name, v))))
        from order in Gen.Shuffle([.. members, .. extras])
        from body in ObjectText(order)
        from parameters in Parameters
        select new RewriteCase(protocol, body, parameters);

    public static Gen<TargetParams> Parameters { get; } =
        from effort in Gen.Elements(null, "low", "medium", "high", "xhigh", "none", "max", "turbo")
        from level in Gen.Elements(null, null, "high")
        from budgetMax in Maybe(Gen.OneOf(Gen.Choose(0, 40_000), Gen.Constant(1024)))
        from maxTokensMax in Maybe(Gen.OneOf(Gen.Choose(1, 100_000), Gen.Elements(1, 2, 3, 4096)))
        from maxTokensDefault in Maybe(Gen.OneOf(Gen.Choose(-2, 70_000), Gen.Constant(4096)))
        from drop in Gen.Frequency((3, Gen.Constant(new List<string>())), (1, Gen.SubListOf(DropCandidates).Select(l => l.ToList())))
        select new TargetParams
        {
            ReasoningEffort = effort,
            ThinkingLevel = level,
            ThinkingBudgetMax = budgetMax,
            MaxTokensMax = maxTokensMax,
            MaxTokensDefault = maxTokensDefault,
            DropParams = drop.ToValueArray(),
        };

    private static Gen<int?> Maybe(Gen<int> gen) => Gen.Frequency((1, Gen.Constant<int?>(null)), (2, gen.Select(i => (int?)i)));

    private static Gen<(string Name, string Value)[]> Relevant(ClientProtocol protocol)
    {
        var model = Optional("\"model\"", Gen.Elements("\"router-default\"", "null", "\"a\\\"b\"", "7"));
        var limit = Gen.Frequency((5, Number), (1, Gen.Elements("null", "\"100\"", "true")));
        return protocol switch
        {
            ClientProtocol.AnthropicMessages => Gen.CollectToArray(
            [
                model,
                Optional("\"max_tokens\"", limit),
                Optional("\"thinking\"", Gen.Frequency((6, Thinking(limit)), (1, Gen.Elements("null", "\"x\"")))),
                Optional("\"output_config\"", EffortHolder("\"format\":{\"type\":\"json\"}")),
            ]).Select(Present),
            ClientProtocol.OpenAIChat => Gen.CollectToArray(
            [
                model,
                Optional("\"max_tokens\"", limit),
                Optional("\"max_completion_tokens\"", limit),
                Optional("\"reasoning_effort\"", Gen.Elements("\"low\"", "null", "1")),
            ]).Select(Present),
            _ => Gen.CollectToArray(
            [
                model,
                Optional("\"max_output_tokens\"", limit),
                Optional("\"reasoning\"", EffortHolder("\"summary\":\"auto\"")),
            ]).Select(Present),
        };
    }

    private static (string, string)[] Present((string Name, string? Value)[] members) =>
        [.. members.Where(m => m.Value is not null).Select(m => (m.Name, m.Value!))];

    private static Gen<(string Name, string? Value)> Optional(string name, Gen<string> value) =>
        Gen.Frequency((1, Gen.Constant<string?>(null)), (3, value.Select(v => (string?)v))).Select(v => (name, v));

    private static Gen<string> Thinking(Gen<string> budget) =>
        from type in Optional("\"type\"", Gen.Elements("\"enabled\"", "\"enabled\"", "\"adaptive\"", "\"disabled\"", "\"en\\u0061bled\""))
        from amount in Optional("\"budget_tokens\"", budget)
        from display in Optional("\"display\"", Gen.Constant("\"omitted\""))
        from order in Gen.Shuffle(Present([type, amount, display]))
        from text in ObjectText(order)
        select text;

    private static Gen<string> EffortHolder(string other) =>
        Gen.OneOf(
            Gen.Elements("null", "{}", "\"str\"", "5"),
            from effort in Optional("\"effort\"", Gen.Elements("\"high\"", "\"low\"", "null"))
            from extra in Optional(other[..other.IndexOf(':', StringComparison.Ordinal)], Gen.Constant(other[(other.IndexOf(':', StringComparison.Ordinal) + 1)..]))
            from order in Gen.Shuffle(Present([effort, extra]))
            from text in ObjectText(order)
            select text);

    private static Gen<string> Value(int depth)
    {
        var scalar = Gen.OneOf(Text, Number, Gen.Elements("true", "false", "null"));
        if (depth == 0)
        {
            return scalar;
        }

        var array = Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Value(depth - 1), n)).SelectMany(ArrayText);
        var obj = Gen.SubListOf(ExtraNames).SelectMany(names => Gen.CollectToArray(names.Take(3), name => Value(depth - 1).Select(v => (name, v)))).SelectMany(ObjectText);
        return Gen.Frequency((4, scalar), (1, array), (1, obj));
    }

    private static Gen<string> ArrayText(string[] items) =>
        Gen.ArrayOf(Space, (2 * items.Length) + 1).Select(ws =>
            items.Length == 0 ? "[" + ws[0] + "]" : "[" + string.Concat(items.Select((item, i) => ws[2 * i] + item + ws[(2 * i) + 1] + (i < items.Length - 1 ? "," : string.Empty))) + ws[^1] + "]");

    private static Gen<string> ObjectText((string Name, string Value)[] members) =>
        Gen.ArrayOf(Space, (4 * members.Length) + 1).Select(ws =>
            "{" + string.Concat(members.Select((m, i) =>
                ws[4 * i] + m.Name + ws[(4 * i) + 1] + ":" + ws[(4 * i) + 2] + m.Value + ws[(4 * i) + 3] + (i < members.Length - 1 ? "," : string.Empty)))
            + ws[^1] + "}");
}
