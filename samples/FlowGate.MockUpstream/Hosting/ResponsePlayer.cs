using FlowGate.MockUpstream.Faults;
using FlowGate.MockUpstream.Protocols;
using Microsoft.AspNetCore.Http.Features;

namespace FlowGate.MockUpstream.Hosting;

/// <summary>Writes a rendered answer (an SSE script or a JSON body) to the client, applying the body-level faults.</summary>
internal sealed class ResponsePlayer(HttpContext context, MockFault fault, RequestState state, CancellationToken cancellationToken)
{
    private long _written;

    public async Task PlayStreamAsync(SseScript script, int paceMs)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(cancellationToken).ConfigureAwait(false);

        if (fault.FirstEventError)
        {
            await WriteAsync(script.FirstEventError).ConfigureAwait(false);
            return;
        }

        var events = script.Events;
        for (var i = 0; i < events.Count; i++)
        {
            if (fault.StallAfter == i)
            {
                await StallAsync().ConfigureAwait(false);
            }

            if (fault.CutAfter == i)
            {
                return;
            }

            if (fault.MalformedAfter == i && !await WriteAsync(script.Malformed).ConfigureAwait(false))
            {
                return;
            }

            if (paceMs > 0 && i > 0)
            {
                await Task.Delay(paceMs, cancellationToken).ConfigureAwait(false);
            }

            if (!await WriteAsync(events[i]).ConfigureAwait(false))
            {
                return;
            }
        }

        if (fault.StallAfter >= events.Count)
        {
            await StallAsync().ConfigureAwait(false);
        }
    }

    public async Task PlayBodyAsync(int status, byte[] body, string contentType = "application/json")
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        if (fault.StallAfter is not null)
        {
            await response.StartAsync(cancellationToken).ConfigureAwait(false);
            await StallAsync().ConfigureAwait(false);
        }

        if (fault.CutAfter is not null)
        {
            await WriteAsync(body.AsMemory(0, body.Length / 2)).ConfigureAwait(false);
            return;
        }

        if (fault.MalformedAfter is not null)
        {
            await WriteAsync("{not json"u8.ToArray()).ConfigureAwait(false);
            return;
        }

        if (fault.ResetAfterBytes is null)
        {
            response.ContentLength = body.Length;
        }
        else
        {
            await response.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        if (context.Request.Method != HttpMethods.Head)
        {
            await WriteAsync(body).ConfigureAwait(false);
        }
    }

    /// <summary>Writes and flushes; false once the connection was reset by a <c>reset-after-bytes</c> fault.</summary>
    private async ValueTask<bool> WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        if (fault.ResetAfterBytes is { } limit && _written + bytes.Length >= limit)
        {
            var take = (int)Math.Max(0, limit - _written);
            if (take > 0)
            {
                await context.Response.BodyWriter.WriteAsync(bytes[..take], cancellationToken).ConfigureAwait(false);
            }

            // The write above returned once the socket had the bytes (the server's transport does not buffer them), so
            // the reset follows them on the wire, and the client reads them before it sees the reset.
            state.OnReset();
            context.Abort();
            return false;
        }

        _written += bytes.Length;
        await context.Response.BodyWriter.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Keeps the connection open and silent until the client or the server goes away.</summary>
    private Task StallAsync() => Task.Delay(Timeout.Infinite, cancellationToken);
}
