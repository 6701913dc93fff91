using System.Buffers;
using BenchmarkDotNet.Attributes;
using FlowGate.Routing;
using FlowGate.Routing.Protocols;

namespace FlowGate.Benchmarks;

/// <summary>
/// The translated stream's framing (an Anthropic upstream, a Chat client) of one large text delta that arrives in 16 KB
/// reads: the cost per MB must stay flat from 1 to 31 MB, as <see cref="SseFramerBenchmark"/> shows for pass-through
/// streams. Divide the mean by <see cref="Megabytes"/> to read the cost per MB.
/// </summary>
[MemoryDiagnoser]
public class TranslatedStreamFramingBenchmark
{
    private const int ReadSize = 16 * 1024;

    private static readonly byte[] Start =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":0}}}\n\nevent: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"u8.ToArray();

    private byte[] _event = [];

    [Params(1, 4, 16, 31)]
    public int Megabytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var size = Megabytes * 1024 * 1024;
        var head = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""u8;
        var tail = "\"}}\n\n"u8;
        _event = new byte[size];
        head.CopyTo(_event);
        _event.AsSpan(head.Length, size - head.Length - tail.Length).Fill((byte)'x');
        tail.CopyTo(_event.AsSpan(size - tail.Length));
    }

    [Benchmark]
    public int TranslateOneEvent()
    {
        var translator = ProtocolTranslator.CreateStreamTranslator(new TranslationContext { Client = ClientProtocol.OpenAIChat, Upstream = ClientProtocol.AnthropicMessages, Stream = true });
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        translator.Write(Start, output);
        for (var offset = 0; offset < _event.Length; offset += ReadSize)
        {
            translator.Write(_event.AsSpan(offset, Math.Min(ReadSize, _event.Length - offset)), output);
        }

        return output.WrittenCount;
    }
}
