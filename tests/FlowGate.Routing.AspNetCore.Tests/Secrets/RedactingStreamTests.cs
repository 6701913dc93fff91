using System.Text;
using FlowGate.Routing.AspNetCore.Secrets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace FlowGate.Routing.AspNetCore.Tests.Secrets;

/// <summary>The client never sees an injected secret, in any form, wherever it sits in the upstream's bytes and however they are split.</summary>
public sealed class RedactingStreamTests
{
    private const string Key = "sk-ant-api03-Zx9_canary-Q7w";

    private static readonly SecretRedactor Redactor = new([Key]);

    private static readonly string[] Forms =
    [
        Key,
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Key)),
        Convert.ToBase64String(Encoding.UTF8.GetBytes("Bearer " + Key)),
    ];

    public sealed record Relayed(byte[] Body, int[] Splits);

    private static readonly Gen<Relayed> Cases =
        from before in Gen.Elements("", "x", "{\"error\":{\"message\":\"headers: x-api-key: ", "sk-ant-", "Bearer sk-", "data: {\"text\":\"")
        from form in Gen.Elements(Forms)
        from after in Gen.Elements("", "\"}}", "\n\n", "sk-ant-api03", "\"}}\n\ndata: [DONE]\n\n")
        from noise in Gen.ArrayOf(Gen.Elements((byte)'a', (byte)'s', (byte)'k', (byte)'-', (byte)'\n', (byte)0xC3))
        from times in Gen.Choose(1, 3)
        let body = Encoding.UTF8.GetBytes(before).Concat(Enumerable.Repeat(Encoding.UTF8.GetBytes(form).Concat(noise), times).SelectMany(x => x)).Concat(Encoding.UTF8.GetBytes(after)).ToArray()
        from splits in Gen.ArrayOf(Gen.Choose(0, body.Length))
        select new Relayed(body, [.. splits.Order()]);

    [Property(MaxTest = 1_000)]
    public Property AnySecretAnywhere_AtAnyChunkSplit_NeverReachesTheClient_AndOtherBytesPassUnchanged() =>
        Prop.ForAll(Arb.From(Cases), c =>
        {
            var output = Relay(c.Body, c.Splits);
            Assert.Equal(c.Body.Length, output.Length);
            foreach (var form in Forms)
            {
                Assert.True(output.AsSpan().IndexOf(Encoding.UTF8.GetBytes(form)) < 0, $"{form} leaked");
            }

            for (var i = 0; i < output.Length; i++)
            {
                Assert.True(output[i] == c.Body[i] || output[i] == (byte)'*');
            }
        });

    [Fact]
    public void BytesThatMerelyStartLikeASecret_AreHeldOnlyUntilTheAnswerEnds()
    {
        var body = Encoding.UTF8.GetBytes("data: {\"text\":\"sk-ant-api03\"}\n\n" + "partial sk-ant");
        Assert.Equal(body, Relay(body, [3, 20, body.Length - 2]));
    }

    [Fact]
    public async Task AnSseEvent_IsNotHeldBack()
    {
        using var sink = new MemoryStream();
        var stream = new RedactingStream(sink, Redactor);
        var e = Encoding.UTF8.GetBytes("data: {\"a\":1}\n\n");
        await stream.WriteAsync(e);
        Assert.Equal(e, sink.ToArray());
    }

    private static byte[] Relay(byte[] body, int[] splits)
    {
        using var sink = new MemoryStream();
        var stream = new RedactingStream(sink, Redactor);
        var from = 0;
        foreach (var split in splits.Append(body.Length))
        {
            stream.WriteAsync(body.AsMemory(from, split - from)).AsTask().GetAwaiter().GetResult();
            from = split;
        }

        stream.CompleteAsync(CancellationToken.None).GetAwaiter().GetResult();
        return sink.ToArray();
    }
}
