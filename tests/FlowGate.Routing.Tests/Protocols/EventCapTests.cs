using System.Buffers;
using System.Text;
using FlowGate.Routing.Protocols;

namespace FlowGate.Routing.Tests.Protocols;

/// <summary>
/// A translated stream has the pass-through stream's per-event cap: an upstream event (data and the line being read)
/// up to 32 MiB is translated, a larger one stops the translator with <see cref="InvalidDataException"/> (the adapter
/// ends the client's stream with its protocol's terminal error) instead of growing its buffers, whether or not the event
/// ever ends. Every protocol pair, fed in 16 KiB reads as a socket delivers them.
/// </summary>
public sealed class EventCapTests
{
    private const int Read = 16 * 1024;

    public static TheoryData<ClientProtocol, ClientProtocol> Pairs()
    {
        var data = new TheoryData<ClientProtocol, ClientProtocol>();
        foreach (var upstream in Enum.GetValues<ClientProtocol>())
        {
            foreach (var client in Enum.GetValues<ClientProtocol>().Where(c => c != upstream))
            {
                data.Add(upstream, client);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void AnEventOver32MiB_StopsTheTranslator_WithInvalidData(ClientProtocol upstream, ClientProtocol client)
    {
        var translator = ProtocolTranslator.CreateStreamTranslator(new TranslationContext { Client = client, Upstream = upstream, Stream = true });
        var output = new ArrayBufferWriter<byte>();
        var filler = Encoding.ASCII.GetBytes(new string('x', Read));

        var error = Record.Exception(() =>
        {
            translator.Write("data: {\"pad\":\""u8, output);
            for (var fed = 0L; fed <= 33L * 1024 * 1024; fed += Read)
            {
                translator.Write(filler, output);
            }
        });

        Assert.IsType<InvalidDataException>(error);
        Assert.Contains("32 MiB", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void AnEventUnderTheCap_IsFramedWithoutError(ClientProtocol upstream, ClientProtocol client)
    {
        var translator = ProtocolTranslator.CreateStreamTranslator(new TranslationContext { Client = client, Upstream = upstream, Stream = true });
        var output = new ArrayBufferWriter<byte>();
        var filler = Encoding.ASCII.GetBytes(new string('x', Read));

        translator.Write("data: {\"pad\":\""u8, output);
        for (var fed = 0; fed < 4 * 1024 * 1024; fed += Read)
        {
            translator.Write(filler, output);
        }

        translator.Write("\"}\n\n"u8, output);
        Assert.False(translator.UpstreamEnded);
    }
}
