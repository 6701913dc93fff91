using System.Text;
using System.Text.Json;
using FlowGate.Routing.Protocols;
using FlowGate.TestUtils;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static FlowGate.Routing.Tests.Protocols.Translate;

namespace FlowGate.Routing.Tests.Protocols;

/// <summary>Bad bodies fail only with <see cref="InvalidRequestBodyException"/>, never echoing the body.</summary>
public sealed class InvalidRequestTests
{
    private static readonly ClientProtocol[] Protocols = [Anthropic, Chat, Responses];

    private static readonly string[] Members =
    [
        "model", "messages", "system", "tools", "tool_choice", "thinking", "output_config", "metadata", "max_tokens", "stop_sequences",
        "input", "instructions", "reasoning", "text", "stop", "response_format", "parallel_tool_calls", "temperature", "stream",
        "previous_response_id", "role", "content", "type", "name", "input_schema", "parameters", "tool_calls", "function", "source",
        "image_url", "call_id", "output", "arguments", "summary", "namespace",
    ];

    private static readonly Gen<string> Scalar = Gen.Elements(
        "null", "true", "1", "-1", "1.5", "1e400", "\"\"", "\"SECRET\"", "\"text\"", "\"tool_use\"", "\"function_call\"", "\"user\"",
        "\"assistant\"", "\"tool\"", "\"enabled\"", "\"adaptive\"", "\"image\"", "\"base64\"", "\"message\"", "\"\\ud800\"", "\"data:x;base64,\"");

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"SECRET\"")]
    [InlineData("{\"model\":\"SECRET")]
    [InlineData("{\"model\":SECRET}")]
    [InlineData("{\"model\":\"a\",\"model\":\"SECRET\"}")]
    [InlineData("{\"messages\":{\"role\":\"SECRET\"},\"input\":{\"role\":\"SECRET\"}}")]
    [InlineData("{\"messages\":[{\"role\":\"SECRET\",\"content\":\"x\"}],\"input\":[{\"role\":\"SECRET\"}]}")]
    [InlineData("{\"input\":[{\"type\":\"message\",\"role\":\"SECRET\"}],\"messages\":[{\"role\":\"SECRET\"}]}")]
    [InlineData("{\"a\":1} {\"SECRET\":2}")]
    public void Malformed_ThrowsWithoutEchoingTheBody(string body)
    {
        foreach (var from in Protocols)
        {
            foreach (var to in Protocols.Where(p => p != from))
            {
                var error = Assert.Throws<InvalidRequestBodyException>(() => ProtocolTranslator.TranslateRequest(Encoding.UTF8.GetBytes(body), from, to));
                Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void TooDeep_Throws()
    {
        var deep = "{\"metadata\":" + new string('[', 200) + new string(']', 200) + "}";

        Assert.Throws<InvalidRequestBodyException>(() => ProtocolTranslator.TranslateRequest(Encoding.UTF8.GetBytes(deep), Chat, Anthropic));
    }

    [Fact]
    public void LoneSurrogate_InAString_ThrowsOrTranslates()
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"m","messages":[{"role":"user","content":"\ud800 x"}]}""");

        Check(body, Chat, Anthropic);
        Check(body, Chat, Responses);
    }

    [Property(MaxTest = 1_000)]
    public Property RandomShapes_ThrowOnlyInvalidRequestBody() =>
        Prop.ForAll(Arb.From(Body(3)), body =>
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            foreach (var from in Protocols)
            {
                foreach (var to in Protocols)
                {
                    Check(bytes, from, to);
                }
            }
        });

    [Property(MaxTest = 1_000)]
    public Property MutatedRealBodies_ThrowOnlyInvalidRequestBody()
    {
        var sources = new (byte[] Body, ClientProtocol Protocol)[]
        {
            (ClientFixtures.Body(ClientFixtures.ClaudeCode), Anthropic),
            (ClientFixtures.Body(ClientFixtures.Codex), Responses),
            (TranslationPropertyTests.Encode(ConversationGenSample(), Chat, out _), Chat),
        };
        var mutations =
            from source in Gen.Elements(sources)
            from position in Gen.Choose(0, source.Body.Length - 1)
            from kind in Gen.Choose(0, 3)
            from value in Gen.Elements((byte)'{', (byte)'}', (byte)'"', (byte)',', (byte)'[', (byte)'1', (byte)'n', (byte)0xC3, (byte)'\\')
            select (source.Protocol, Mutate(source.Body, position, kind, value));

        return Prop.ForAll(Arb.From(mutations), m =>
        {
            foreach (var to in Protocols)
            {
                Check(m.Item2, m.Protocol, to);
            }
        });
    }

    private static FlowGate.Routing.Protocols.Model.Conversation ConversationGenSample() => ConversationGen.Conversations.Sample(30, 1).First();

    private static byte[] Mutate(byte[] body, int position, int kind, byte value) => kind switch
    {
        0 => body[..position],
        1 => [.. body[..position], value, .. body[(position + 1)..]],
        2 => [.. body[..position], value, .. body[position..]],
        _ => [.. body[..position], .. body[Math.Min(body.Length, position + 7)..]],
    };

    private static void Check(byte[] body, ClientProtocol from, ClientProtocol to)
    {
        try
        {
            var translated = ProtocolTranslator.TranslateRequest(body, from, to);
            using var document = JsonDocument.Parse(translated.Body);
            if (from != to)
            {
                _ = DecodeAs(translated.Body, to);
            }
        }
        catch (InvalidRequestBodyException e)
        {
            Assert.DoesNotContain("SECRET", e.Message, StringComparison.Ordinal);
        }
    }

    private static Gen<string> Body(int depth) =>
        from members in Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Elements(Members).SelectMany(name => Value(depth).Select(v => $"\"{name}\":{v}")), n))
        select "{" + string.Join(",", members.DistinctBy(m => m[..m.IndexOf(':', StringComparison.Ordinal)])) + "}";

    private static Gen<string> Value(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (3, Scalar),
            (2, Body(depth - 1)),
            (2, Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Value(depth - 1), n)).Select(items => "[" + string.Join(",", items) + "]")));
}
