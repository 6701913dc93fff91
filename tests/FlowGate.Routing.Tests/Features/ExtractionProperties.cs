using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FlowGate.Routing.Features;
using FlowGate.TestUtils;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FlowGate.Routing.Tests.Features;

public sealed class ExtractionProperties
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly byte[][] Fixtures =
    [
        ClientFixtures.Body(ClientFixtures.ClaudeCode),
        ClientFixtures.Body(ClientFixtures.Codex),
    ];

    private static readonly ClientProtocol[] Protocols = Enum.GetValues<ClientProtocol>();

    /// <summary>Bytes JSON is made of, so that random input gets past the first token now and then.</summary>
    private static readonly byte[] JsonAlphabet = "{}[]\":,\\ \n0123456789-.eEtrufalsn\"abc"u8.ToArray();

    private static Gen<string> RawText => Gen.OneOf(
        Gen.Elements("", "hello", "say ping", "a\"b\\c", "line\nbreak\ttab", "é😀", "<system-reminder>", "\u0001ctl", "😀", new string('a', 4095) + "😀z"),
        from n in Gen.Choose(0, 12)
        from parts in Gen.ArrayOf(Gen.Elements("a", "b", " ", "é", "😀", "\"", "\\", "\n", "/", "\u2028"), n)
        select string.Concat(parts));

    /// <summary>A JSON string literal, escaped the strict way (non-ASCII as \u) or the relaxed way (raw UTF-8).</summary>
    private static Gen<string> JsonText =>
        from text in RawText
        from relaxed in Gen.Elements(true, false)
        select relaxed ? JsonSerializer.Serialize(text, Relaxed) : JsonSerializer.Serialize(text);

    private static Gen<string> Tool =>
        from name in JsonText
        from count in Gen.Choose(0, 3)
        let properties = string.Join(',', Enumerable.Range(0, count).Select(i => "\"p" + i + "\":{\"type\":\"string\"}"))
        select "{\"name\":" + name + ",\"description\":\"d\",\"input_schema\":{\"type\":\"object\",\"properties\":{" + properties + "}}}";

    /// <summary>Requests of every protocol, with messages, items and blocks in random shapes and member orders.</summary>
    private static Gen<(ClientProtocol Protocol, byte[] Body)> Bodies =>
        from protocol in Gen.Elements(Protocols)
        from messages in Gen.Choose(0, 12).SelectMany(n => Gen.ArrayOf(protocol == ClientProtocol.OpenAIResponses ? Item : Message, n))
        from stringInput in JsonText
        from useStringInput in Gen.Elements(false, false, false, true)
        from tools in Gen.Choose(0, 14).SelectMany(n => Gen.ArrayOf(Tool, n))
        from system in JsonText
        from extra in Gen.Elements("\"temperature\":0.5", "\"metadata\":{\"user_id\":\"user_a_account_b_session_c\"}", "\"x\":[[],{},[{\"messages\":[1]}]]", "\"stream\":true")
        from members in Gen.Shuffle(new[]
        {
            "\"model\":\"m\"",
            protocol == ClientProtocol.OpenAIResponses
                ? $"\"input\":{(useStringInput ? stringInput : Array(messages))}"
                : $"\"messages\":{Array(messages)}",
            $"\"tools\":{Array(tools)}",
            protocol == ClientProtocol.OpenAIResponses ? $"\"instructions\":{system}" : $"\"system\":{system}",
            extra,
        })
        select (protocol, Encoding.UTF8.GetBytes("{" + string.Join(',', members) + "}"));

    private static Gen<string> Message =>
        from role in Gen.Elements("user", "assistant", "system", "tool", "developer")
        from content in Content(2)
        from extra in Gen.Elements(
            "\"name\":\"bob\"",
            "\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]",
            "\"cache_control\":{\"type\":\"ephemeral\"}")
        from withExtra in Gen.Elements(true, false)
        from members in Gen.Shuffle(withExtra ? new[] { $"\"role\":\"{role}\"", $"\"content\":{content}", extra } : [$"\"role\":\"{role}\"", $"\"content\":{content}"])
        select "{" + string.Join(',', members) + "}";

    private static Gen<string> Item => Gen.OneOf(
        Message,
        from message in Message select "{\"type\":\"message\"," + message[1..],
        from arguments in JsonText select $$"""{"type":"function_call","name":"f","arguments":{{arguments}},"call_id":"c"}""",
        from output in Content(1) select $$"""{"type":"function_call_output","call_id":"c","output":{{output}}}""",
        from summary in JsonText select $$$"""{"type":"reasoning","summary":[{"type":"summary_text","text":{{{summary}}}}],"encrypted_content":"gAAA"}""",
        Gen.Elements("\"stray\"", "7"));

    [Property(MaxTest = 1_000)]
    public Property Extract_OnArbitraryBytes_ReturnsOrThrowsOnlyInvalidRequestBody()
    {
        var randomBytes =
            from n in Gen.Choose(0, 64)
            from bytes in Gen.ArrayOf(Gen.OneOf(Gen.Choose(0, 255).Select(b => (byte)b), Gen.Elements(JsonAlphabet)), n)
            select bytes;
        var validBodies = Gen.OneOf(Gen.Elements(Fixtures), Bodies.Select(b => b.Body));
        var truncated =
            from body in validBodies
            from cut in Gen.Choose(0, body.Length)
            select body[..cut];
        var mutated =
            from body in validBodies
            from position in Gen.Choose(0, body.Length - 1)
            from value in Gen.OneOf(Gen.Choose(0, 255).Select(b => (byte)b), Gen.Elements(JsonAlphabet))
            select Mutate(body, position, value);
        var inputs =
            from bytes in Gen.OneOf(randomBytes, truncated, mutated, validBodies)
            from protocol in Gen.Elements(Protocols)
            select (bytes, protocol);

        return Prop.ForAll(Arb.From(inputs), input =>
        {
            try
            {
                _ = RequestFeatureExtractor.Extract(input.bytes, input.protocol);
            }
            catch (InvalidRequestBodyException)
            {
                // The only failure allowed.
            }
        });
    }

    [Property(MaxTest = 1_000)]
    public Property Extract_OnGeneratedBodies_CountsLikeJsonDocument() =>
        Prop.ForAll(Arb.From(Bodies), input =>
        {
            var features = RequestFeatureExtractor.Extract(input.Body, input.Protocol);
            var oracle = FeatureOracle.Of(input.Body, input.Protocol);

            Assert.Equal(oracle.MessageCount, features.MessageCount);
            Assert.Equal(oracle.ToolCount, features.ToolCount);
            Assert.Equal(oracle.PromptChars, features.PromptChars);
            Assert.Equal(oracle.EstimatedInputTokens, features.EstimatedInputTokens);
            Assert.Equal("m", features.Model);
        });

    [Property(MaxTest = 1_000)]
    public Property Extract_OnGeneratedBodies_FindsTheLastUserText() =>
        Prop.ForAll(Arb.From(Bodies), input =>
        {
            var expected = FeatureOracle.LastUserText(input.Body, input.Protocol);
            if (expected is { Length: > RequestFeatureExtractor.MaxLastUserTextLength })
            {
                expected = expected[^RequestFeatureExtractor.MaxLastUserTextLength..];
                expected = char.IsLowSurrogate(expected[0]) ? expected[1..] : expected;
            }

            Assert.Equal(expected, RequestFeatureExtractor.Extract(input.Body, input.Protocol).LastUserText);
        });

    private static Gen<string> Content(int depth) => Gen.OneOf(
        JsonText,
        Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(Block(depth), n)).Select(Array),
        Gen.Elements("null", "3"));

    private static Gen<string> Block(int depth)
    {
        var blocks = new List<Gen<string>>
        {
            from text in JsonText select $$"""{"type":"text","text":{{text}}}""",
            from text in JsonText select $$$"""{"text":{{{text}}},"type":"input_text","cache_control":{"type":"ephemeral"}}""",
            Gen.Constant("""{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AA=="}}"""),
            Gen.Constant("""{"type":"image_url","image_url":{"url":"data:x"}}"""),
            from text in JsonText select $$$"""{"type":"tool_use","id":"t1","name":"n","input":{"q":{{{text}}}}}""",
            from signature in Gen.Elements("\"\"", "\"sig\"") from text in JsonText select $$"""{"type":"thinking","thinking":{{text}},"signature":{{signature}}}""",
            Gen.Constant("""{"type":"mystery","extra":[{"text":"hidden"}],"text":7}"""),
            Gen.Elements("1", "null", "\"stray\""),
        };
        if (depth > 0)
        {
            blocks.Add(from content in Content(depth - 1) select $$"""{"type":"tool_result","tool_use_id":"t1","content":{{content}}}""");
        }

        return Gen.OneOf(blocks);
    }

    private static string Array(IEnumerable<string> elements) => "[" + string.Join(',', elements) + "]";

    private static byte[] Mutate(byte[] body, int position, byte value)
    {
        var copy = (byte[])body.Clone();
        copy[position] = value;
        return copy;
    }
}
