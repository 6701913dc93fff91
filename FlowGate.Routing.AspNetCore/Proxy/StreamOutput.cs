using System.Buffers;
using FlowGate.Routing.Protocols;
using Microsoft.AspNetCore.Http;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>A stream translator with the buffer it writes the client's events into, emptied after each write.</summary>
internal sealed class StreamOutput(IStreamTranslator translator)
{
    public IStreamTranslator Translator { get; } = translator;

    public ArrayBufferWriter<byte> Buffer { get; } = new(16 * 1024);

    public async Task FlushToAsync(HttpResponse client, CancellationToken cancellationToken)
    {
        if (Buffer.WrittenCount == 0)
        {
            return;
        }

        await client.Body.WriteAsync(Buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        Buffer.ResetWrittenCount();
    }
}
