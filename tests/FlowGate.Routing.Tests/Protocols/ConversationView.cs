using FlowGate.Routing.Protocols.Model;

namespace FlowGate.Routing.Tests.Protocols;

/// <summary>
/// What a translation must keep of a conversation: the instructions, and per run of same-role turns the visible
/// texts in order, the images, the tool calls (id, name, arguments) and the tool results (call id, text). Thinking,
/// empty texts, turn boundaries within a run and where instructions sit are not kept by every protocol, so the view
/// leaves them out.
/// </summary>
internal sealed record ConversationView(string System, string Tools, IReadOnlyList<string> Runs)
{
    public static ConversationView Of(Conversation c, Func<string, string> name)
    {
        var system = string.Join("\n\n", c.System.Concat(c.Turns.Where(t => t.Role == Role.System).SelectMany(t => t.Parts).OfType<TextPart>()).Select(t => t.Text).Where(t => t.Length > 0));
        var tools = string.Join(" | ", c.Tools.OfType<FunctionTool>().Select(t => $"{name(t.Name)}: {t.Description} {t.Parameters}"));
        var runs = new List<(Role Role, List<Part> Parts)>();
        foreach (var turn in c.Turns.Where(t => t.Role != Role.System))
        {
            var parts = turn.Parts.Where(p => p is TextPart { Text.Length: > 0 } or ImagePart or ToolCallPart or ToolResultPart).ToList();
            if (parts.Count == 0)
            {
                continue;
            }

            if (runs.Count > 0 && runs[^1].Role == turn.Role)
            {
                runs[^1].Parts.AddRange(parts);
            }
            else
            {
                runs.Add((turn.Role, parts));
            }
        }

        return new ConversationView(system, tools, [.. runs.Select(r => Describe(r.Role, r.Parts, name))]);
    }

    private static string Describe(Role role, List<Part> parts, Func<string, string> name)
    {
        var texts = string.Join("\n\n", parts.OfType<TextPart>().Select(t => t.Text));
        var images = string.Join(" ", parts.OfType<ImagePart>().Select(i => i.AsUrl));
        var calls = string.Join(" ", parts.OfType<ToolCallPart>().Select(p => $"{p.Id}:{name(p.Name)}:{p.Arguments}"));
        var results = string.Join(" ", parts.OfType<ToolResultPart>().Select(r => $"{r.CallId}=>{string.Join("\n\n", r.Content.OfType<TextPart>().Select(t => t.Text))}"));
        return $"{role} text[{texts}] images[{images}] calls[{calls}] results[{results}]";
    }

    public override string ToString() => $"system[{System}]\ntools[{Tools}]\n{string.Join("\n", Runs)}";
}
