using System.Text;
using FlowGate.Routing.Protocols;
using FlowGate.Routing.Protocols.Answers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FlowGate.Routing.Tests.Protocols;

/// <summary>
/// The key property: an answer streamed by upstream protocol A, cut into random chunks and translated to client
/// protocol B, re-assembles (by B's client rules, with B's invariants checked) to exactly what the whole A body
/// translates to.
/// </summary>
public sealed class StreamPropertyTests
{
    // Every ordered pair of protocols (pass-through included), drawn with the case.
    private static readonly Gen<(ClientProtocol Upstream, ClientProtocol Client)> Pairs = Gen.Elements(
        [.. from a in Enum.GetValues<ClientProtocol>() from b in Enum.GetValues<ClientProtocol>() select (a, b)]);

    internal sealed record Case(Answer Answer, int Seed);

    private static readonly Gen<string> Text =
        from length in Gen.Choose(1, 24)
        from chars in Gen.ArrayOf(Gen.Elements("a", "b", " ", "é", "\n", "\"", "\\", "漢", "😀", "<", "z"), length)
        select string.Concat(chars);

    private static readonly Gen<string> Args =
        from keys in Gen.Choose(0, 3)
        from values in Gen.ArrayOf(Text, keys)
        select "{" + string.Join(",", values.Select((v, i) => $"\"k{i}\":{System.Text.Json.JsonSerializer.Serialize(v)}")) + "}";

    private static readonly Gen<AnswerPart> Part = Gen.OneOf(
        Text.Select(t => (AnswerPart)new TextPart(t)),
        from t in Text
        from sig in Gen.Elements(string.Empty, "sig-abc", "EqQBCkYIBhgCKkA=")
        select (AnswerPart)new ThinkingPart(t, sig),
        from id in Gen.Elements("toolu_01A", "call_9", "functions.Bash:0", "fc-x")
        from name in Gen.Elements("Bash", "Read", "mcp_wire_1", "edit_file")
        from args in Args
        select (AnswerPart)new ToolCallPart(id, name, args));

    private static readonly Gen<Case> Cases =
        from count in Gen.Choose(0, 4)
        from parts in Gen.ArrayOf(Part, count)
        from stop in Gen.Elements(Enum.GetValues<AnswerStop>())
        from input in Gen.Choose(0, 5000)
        from output in Gen.Choose(0, 900)
        from cacheRead in Gen.Choose(0, 300)
        from cacheWrite in Gen.Choose(0, 50)
        from reasoning in Gen.Choose(0, 20)
        from id in Gen.Elements("msg_01XYZ", "chatcmpl-abc123", "resp_68a", "odd/id:1", string.Empty)
        from seed in Gen.Choose(0, int.MaxValue - 1)
        select new Case(new Answer(id, "upstream-model", UniqueToolIds(parts), stop, new AnswerUsage(input, output, cacheRead, cacheWrite, reasoning), 1_700_000_000), seed);

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal) { ["mcp_wire_1"] = "mcp__server__tool" };

    /// <summary>About 300 cases for each of the nine protocol pairs.</summary>
    [Property(MaxTest = 2_700)]
    public Property Property_StreamReassemblesToTheWholeAnswer() =>
        Prop.ForAll(Arb.From(Gen.Zip(Cases, Pairs)), drawn =>
        {
            var (c, (upstream, client)) = drawn;
            var random = new Random(c.Seed);
            var upstreamBody = ProtocolTranslator.Encode(c.Answer, StreamHarness.Context(upstream, upstream) with { Model = "upstream-model" });
            var upstreamAnswer = ProtocolTranslator.Decode(upstreamBody, upstream);
            var upstreamStream = StreamHarness.UpstreamStream(upstreamAnswer, upstream, random);

            var context = StreamHarness.Context(upstream, client, names: Names);
            var expected = StreamHarness.Body(client, ProtocolTranslator.TranslateResponse(upstreamBody, context with { Stream = false }));
            var cuts = Enumerable.Range(0, random.Next(0, 12)).Select(_ => random.Next(1, Math.Max(2, upstreamStream.Length))).ToList();
            var translated = StreamHarness.Translate(context, upstreamStream, cuts);
            var actual = StreamHarness.Stream(client, translated);

            Assert.Equal(expected, actual);
            if (!context.IsPassThrough)
            {
                Assert.DoesNotContain(actual.Parts, p => p.Contains("|mcp_wire_1|", StringComparison.Ordinal));
            }
        });

    /// <summary>About 200 cases for each of the nine protocol pairs.</summary>
    [Property(MaxTest = 1_800)]
    public Property Property_MutatedStreamsNeverThrowAndStayWellFormed() =>
        Prop.ForAll(Arb.From(Gen.Zip(Cases, Pairs)), drawn =>
        {
            var (c, (upstream, client)) = drawn;
            var random = new Random(c.Seed);
            var upstreamBody = ProtocolTranslator.Encode(c.Answer, StreamHarness.Context(upstream, upstream));
            var bytes = StreamHarness.UpstreamStream(ProtocolTranslator.Decode(upstreamBody, upstream), upstream, random);
            var mutated = Mutate(bytes, random);
            var context = StreamHarness.Context(upstream, client);
            var (output, ended) = StreamHarness.TranslateWithEnd(context, mutated);
            if (context.IsPassThrough)
            {
                return;
            }

            // Every event written is whole, parseable JSON (or [DONE]).
            foreach (var e in StreamHarness.Parse(output))
            {
                if (e.Data != "[DONE]")
                {
                    _ = e.Json;
                }
            }

            _ = ended;
        });

    private static ToolCallPart[] NoTools => [];

    private static AnswerPart[] UniqueToolIds(AnswerPart[] parts)
    {
        // Tool call ids in one answer are distinct, as upstreams make them.
        var n = 0;
        return parts.Select(p => p is ToolCallPart t ? t with { Id = t.Id + "_" + n++ } : p).ToArray();
    }

    private static byte[] Mutate(byte[] bytes, Random random)
    {
        var list = bytes.ToList();
        var edits = random.Next(1, 6);
        for (var i = 0; i < edits && list.Count > 0; i++)
        {
            var at = random.Next(list.Count);
            switch (random.Next(4))
            {
                case 0:
                    list.RemoveAt(at);
                    break;
                case 1:
                    list.Insert(at, (byte)"{}\":,\n[]x"[random.Next(9)]);
                    break;
                case 2:
                    list.RemoveRange(at, Math.Min(random.Next(1, 40), list.Count - at));
                    break;
                default:
                    list.InsertRange(at, Encoding.UTF8.GetBytes("\n\ndata: {\"type\":\"error\"}\n\n"));
                    break;
            }
        }

        return [.. list];
    }
}
