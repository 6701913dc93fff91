using System.Buffers;
using FlowGate.Routing.Usage;

namespace FlowGate.Routing.Protocols.Streams;

/// <summary>
/// An upstream decoder joined to a client encoder: SSE bytes in, the client's SSE out, event by event. The client's
/// end is written as soon as the upstream's terminator is decoded; <see cref="Complete"/> handles what only the
/// close can tell (a last event without its blank line; a Chat stream that finished but never sent
/// <c>[DONE]</c>). <see cref="UpstreamEnded"/> is final once <see cref="Complete"/> has run.
/// </summary>
internal sealed class StreamTranslator(IStreamDecoder decoder, ClientStreamEncoder encoder) : IStreamTranslator
{
    private readonly SseFramer _framer = new();
    private bool _completed;

    public bool UpstreamEnded => decoder.Ended;

    public TokenUsage Usage => encoder.ReportedUsage;

    public void Write(ReadOnlySpan<byte> upstream, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_completed)
        {
            return;
        }

        encoder.Output = output;
        _framer.Feed(upstream, decoder, encoder);
    }

    public void Complete(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_completed)
        {
            return;
        }

        _completed = true;
        encoder.Output = output;
        _framer.Flush(decoder, encoder);
        decoder.Close(encoder);
        if (decoder.Ended)
        {
            encoder.EndIfNeeded();
        }
    }
}

/// <summary>
/// Same protocol on both sides: the bytes are relayed untouched while a decoder watches for the terminator (so
/// <see cref="UpstreamEnded"/> means the same as when translating). A Chat stream that finished without
/// <c>[DONE]</c> gets it on <see cref="Complete"/>.
/// </summary>
internal sealed class PassThroughStreamTranslator(IStreamDecoder decoder) : IStreamTranslator
{
    private readonly UsageSink _sink = new();
    private readonly SseFramer _framer = new();
    private bool _completed;

    public bool UpstreamEnded => decoder.Ended;

    public TokenUsage Usage => _sink.Usage;

    public void Write(ReadOnlySpan<byte> upstream, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_completed)
        {
            return;
        }

        output.Write(upstream);
        _framer.Feed(upstream, decoder, _sink);
    }

    public void Complete(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_completed)
        {
            return;
        }

        _completed = true;
        _framer.Flush(decoder, _sink);
        decoder.Close(_sink);
        if (decoder is ChatStreamDecoder { Ended: true, SawDone: false })
        {
            SseWriter.Raw(output, default, "[DONE]"u8);
        }
    }

    /// <summary>Keeps only the usage the decoder reports; the bytes themselves pass untouched.</summary>
    private sealed class UsageSink : IStreamEventSink
    {
        private Answers.AnswerUsage _usage;

        public TokenUsage Usage => ClientStreamEncoder.Neutral(_usage);

        public void On(in StreamEvent e)
        {
            if (e.Kind is StreamEventKind.MessageStart or StreamEventKind.Usage)
            {
                _usage = UsagePatch.Merge(_usage, e.Usage);
            }
        }
    }
}
