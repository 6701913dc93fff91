using FlowGate.Routing.Protocols.Model;
using FsCheck;
using FsCheck.Fluent;

namespace FlowGate.Routing.Tests.Protocols;

/// <summary>
/// Generates well-formed conversations every protocol can express: user and assistant exchanges, tool calls answered
/// by results in the next user turn, images in user turns, thinking the translators must drop, system turns, and
/// tool names that need renaming.
/// </summary>
internal static class ConversationGen
{
    public static readonly string[] ToolNames =
    [
        "Bash", "read_file", "mcp__server__tool", "mcp:server.tool", "tool.with.dots",
        "a_very_long_tool_name_that_goes_well_past_the_sixty_four_character_limit_of_chat", "ünïcode-tool",
    ];

    private static readonly string[] Schemas =
    [
        """{"type":"object","properties":{}}""",
        """{"type":"object","properties":{"q":{"type":"string","description":"é \"quoted\""}},"required":["q"]}""",
        """{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"n":{"type":"number","enum":[1,2.5,3e2]}},"additionalProperties":false}""",
    ];

    private static readonly Gen<string> Text = Gen.Elements(
        "hello", "say ping", "multi\nline\ttext", "quotes \" and \\ backslash", "ü 😀 中文", "</script><b>&amp;", "{\"json\":\"looking\"}", " spaced ");

    private static readonly Gen<string> Arguments = Gen.Elements(
        "{}", """{"q":"x"}""", """{"n":[1,2,{"deep":null}],"s":"é"}""", """{ "spaced" : true }""");

    private static readonly Gen<ImagePart> Image = Gen.Elements(
        new ImagePart("image/png", "iVBORw0KGgo=", null),
        new ImagePart("image/jpeg", "/9j/4AAQ", null),
        new ImagePart(null, null, "https://example.test/cat.png"));

    private static readonly Gen<Tool> ToolGen =
        from name in Gen.Elements(ToolNames)
        from description in Gen.Elements(null, "does things", "ü \"desc\"")
        from schema in Gen.Elements(Schemas)
        select (Tool)new FunctionTool(name, description, schema);

    private static readonly Gen<Exchange> ExchangeGen =
        from userTexts in Gen.Choose(1, 2).SelectMany(n => Gen.ArrayOf(Text, n))
        from image in Gen.Frequency((3, Gen.Constant<ImagePart?>(null)), (1, Image.Select(i => (ImagePart?)i)))
        from systemTurn in Gen.Frequency((5, Gen.Constant<string?>(null)), (1, Text.Select(t => (string?)t)))
        from thinking in Gen.Elements(false, false, true)
        from assistantTexts in Gen.Choose(0, 2).SelectMany(n => Gen.ArrayOf(Text, n))
        from calls in Gen.Choose(0, 2).SelectMany(n => Gen.ArrayOf(Gen.Elements(ToolNames).SelectMany(name => Arguments.Select(args => (name, args))), n))
        from results in Gen.ArrayOf(Text, 2)
        from followUp in Gen.Elements<string?>(null, null, "and then?")
        select new Exchange(userTexts, image, systemTurn, thinking, assistantTexts, calls, results, followUp);

    public static Gen<Conversation> Conversations { get; } =
        from system in Gen.Choose(0, 2).SelectMany(n => Gen.ArrayOf(Text, n))
        from tools in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(ToolGen, n))
        from exchanges in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(ExchangeGen, n))
        from finalUser in Text
        from maxTokens in Gen.Frequency((1, Gen.Constant<int?>(null)), (3, Gen.Choose(1, 100_000).Select(i => (int?)i)))
        from stream in Gen.Elements(true, false)
        select new Conversation
        {
            Source = ClientProtocol.AnthropicMessages,
            Model = "model-x",
            System = system.Select(t => new TextPart(t)).ToValueArray(),
            Tools = tools.DistinctBy(t => ((FunctionTool)t).Name).ToValueArray(),
            Turns = [.. Build(exchanges), new Turn(Role.User, [new TextPart(finalUser)])],
            Sampling = new Sampling { MaxOutputTokens = maxTokens },
            Stream = stream,
        };

    private static IEnumerable<Turn> Build(Exchange[] exchanges)
    {
        for (var i = 0; i < exchanges.Length; i++)
        {
            var e = exchanges[i];
            var user = e.UserTexts.Select(t => (Part)new TextPart(t)).ToList();
            if (e.Image is { } image)
            {
                user.Insert(0, image);
            }

            yield return new Turn(Role.User, user.ToValueArray());
            if (e.SystemTurn is { } instruction)
            {
                yield return new Turn(Role.System, [new TextPart(instruction)]);
            }

            var assistant = new List<Part>();
            if (e.Thinking)
            {
                assistant.Add(new ThinkingPart("pondering", "c2lnbmF0dXJl"));
            }

            assistant.AddRange(e.AssistantTexts.Select(t => new TextPart(t)));
            var calls = e.Calls.Select((c, j) => new ToolCallPart($"call_{i}_{j}", c.Name, c.Args)).ToList();
            assistant.AddRange(calls);
            if (assistant.Count == 0)
            {
                assistant.Add(new TextPart("ok"));
            }

            yield return new Turn(Role.Assistant, assistant.ToValueArray());
            if (calls.Count > 0)
            {
                var results = calls.Select((c, j) => (Part)new ToolResultPart(c.Id, [new TextPart(e.Results[j])])).ToList();
                if (e.FollowUp is { } followUp)
                {
                    results.Add(new TextPart(followUp));
                }

                yield return new Turn(Role.User, results.ToValueArray());
            }
        }
    }

    private sealed record Exchange(
        string[] UserTexts,
        ImagePart? Image,
        string? SystemTurn,
        bool Thinking,
        string[] AssistantTexts,
        (string Name, string Args)[] Calls,
        string[] Results,
        string? FollowUp);
}
