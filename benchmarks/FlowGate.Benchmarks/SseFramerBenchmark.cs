using BenchmarkDotNet.Attributes;
using FlowGate.Routing.AspNetCore.Proxy;

namespace FlowGate.Benchmarks;

/// <summary>
/// Framing one large SSE event that arrives in 16 KB reads (as a socket delivers it): the cost per MB must stay flat
/// from 1 to 32 MB (linear framing). Divide the mean by <see cref="Megabytes"/> to read the cost per MB.
/// </summary>
[MemoryDiagnoser]
public class SseFramerBenchmark
{
    private const int ReadSize = 16 * 1024;

    private byte[] _event = [];

    [Params(1, 4, 16, 31)]
    public int Megabytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var size = Megabytes * 1024 * 1024;
        _event = new byte[size];
        "data: {\"pad\":\""u8.CopyTo(_event);
        _event.AsSpan(14, size - 18).Fill((byte)'x');
        "\"}\n\n"u8.CopyTo(_event.AsSpan(size - 4));
    }

    [Benchmark]
    public int FrameOneEvent()
    {
        using var framer = new SseFramer();
        var written = 0;
        for (var offset = 0; offset < _event.Length; offset += ReadSize)
        {
            var complete = framer.Append(_event.AsSpan(offset, Math.Min(ReadSize, _event.Length - offset)));
            if (complete > 0)
            {
                written += complete;
                framer.Consume(complete);
            }
        }

        return written;
    }
}
