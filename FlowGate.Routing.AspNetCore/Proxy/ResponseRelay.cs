using System.Buffers;
using System.Runtime.CompilerServices;
using FlowGate.Routing.AspNetCore.Errors;
using FlowGate.Routing.Protocols;
using FlowGate.Routing.Usage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// Passes a 2xx upstream answer to the client (the commit point: once a byte is sent, no other target can take over). Nothing is written until the answer has proved
/// itself: for a stream, its first event has arrived and is not an error; for a body, its first bytes have arrived.
/// From then on bytes go through as they come, flushed per read (each read of an SSE stream is an event or more),
/// with an idle timeout between reads; a failure after that point ends a stream with a protocol-correct error event.
/// </summary>
internal static class ResponseRelay
{
    private const int BufferSize = 16 * 1024;

    // A stream is held open for its whole life with its buffer: SSE events are small, so a stream reads 2 KB at a time
    // (grown for a larger first event), and 10,000 open streams hold 20 MB of read buffers rather than 160 MB at 16 KB.
    private const int StreamBufferSize = 2 * 1024;
    private const int FirstEventLimit = 256 * 1024;

    /// <summary>Reads the start of the answer; <see langword="null"/> bytes mean the attempt failed before commit.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<(byte[] Buffer, int Length, bool IsError)> ReadStartAsync(Stream upstream, bool isStream, CancellationToken firstByte)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(isStream ? StreamBufferSize : BufferSize);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= FirstEventLimit)
                    {
                        // An event this large is not an error report; stop holding the answer back.
                        return (buffer, length, false);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    BodyBuffers.Return(buffer);
                    buffer = larger;
                }

                var read = await upstream.ReadAsync(buffer.AsMemory(length), firstByte).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer, length, isStream && length > 0 && SseEvents.IsError(buffer.AsSpan(0, length)));
                }

                length += read;
                if (!isStream)
                {
                    return (buffer, length, false);
                }

                var end = SseEvents.EndOfFirstEvent(buffer.AsSpan(0, length));
                if (end > 0)
                {
                    return (buffer, length, SseEvents.IsError(buffer.AsSpan(0, end)));
                }
            }
        }
        catch
        {
            BodyBuffers.Return(buffer);
            throw;
        }
    }

    /// <summary>Commits: writes the status and headers, the held start, then the rest of the answer.</summary>
    /// <returns>How the relay ended.</returns>
    public static ValueTask<AttemptResultKind> RelayAsync(
        HttpContext context,
        HttpResponseMessage response,
        Stream upstream,
        byte[] start,
        int startLength,
        RelayOptions options,
        CancellationToken requestToken)
    {
        if (options.Translation is { } translation && !options.IsStream)
        {
            return new(RelayTranslatedBodyAsync(context, response, upstream, start, startLength, options, translation, requestToken));
        }

        return !options.IsStream && options.Translation is null
            ? RelayWholeAsync(context, response, start, startLength, options, requestToken)
            : RelayStreamAsync(context, response, upstream, start, startLength, options, requestToken);
    }

    /// <summary>A stream, or a plain answer being translated as it goes: relayed chunk by chunk under the idle limit.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<AttemptResultKind> RelayStreamAsync(
        HttpContext context,
        HttpResponseMessage response,
        Stream upstream,
        byte[] start,
        int startLength,
        RelayOptions options,
        CancellationToken requestToken)
    {
        var client = context.Response;
        client.StatusCode = (int)response.StatusCode;
        ResponseHeaders.Copy(response, client, translated: options.Translation is not null);
        options.AddGatewayHeaders(client);
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var output = options.Translation is { } t ? new StreamOutput(ProtocolTranslator.CreateStreamTranslator(t)) : null;
        var watch = options.IsStream ? new StreamEndWatch(options.Protocol) : null;
        using var framer = output is null && options.IsStream ? new SseFramer() : null;
        var json = output is null && !options.IsStream && IsJson(response) ? new JsonCompleteness() : null;
        var meter = framer is not null && options.Usage is not null ? new StreamUsageMeter(options.Protocol) : null;
        if (json is not null && options.Usage is { } whole)
        {
            // A pass-through body was read whole before commit: its usage is all in the held start.
            whole.Set(UsageReader.FromAnswer(start.AsSpan(0, startLength), options.Protocol));
        }

        var buffer = start;
        using var idleTimer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, options.Time);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(requestToken, options.DrainEnded, idleTimer.Token);
        try
        {
            if (!await PassAsync(client, output, framer, watch, meter, json, buffer.AsMemory(0, startLength), requestToken).ConfigureAwait(false))
            {
                await EndWithErrorAsync(context, options, "the upstream sent a malformed event", requestToken).ConfigureAwait(false);
                return AttemptResultKind.FailedAfterCommit;
            }

            await client.Body.FlushAsync(requestToken).ConfigureAwait(false);
            while (true)
            {
                idleTimer.CancelAfter(options.IdleTimeout);
                var read = await upstream.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                if (!await PassAsync(client, output, framer, watch, meter, json, buffer.AsMemory(0, read), requestToken).ConfigureAwait(false))
                {
                    await EndWithErrorAsync(context, options, "the upstream sent a malformed event", requestToken).ConfigureAwait(false);
                    return AttemptResultKind.FailedAfterCommit;
                }

                if (options.IsStream)
                {
                    await client.Body.FlushAsync(requestToken).ConfigureAwait(false);
                }
            }

            if (output is not null && output.Translator.UpstreamEnded)
            {
                output.Translator.Complete(output.Buffer);
                await output.FlushToAsync(client, requestToken).ConfigureAwait(false);
            }

            // A terminator on a last line without its blank line still ends the stream properly.
            if (framer is { Tail.Length: > 0 } && watch is { Ended: false })
            {
                watch.Observe(framer.Tail);
                meter?.Observe(framer.Tail);
            }

            if (framer is { Tail.Length: > 0 } && watch is { Ended: true })
            {
                await client.Body.WriteAsync(framer.Buffer, requestToken).ConfigureAwait(false);
            }

            if (json is { Complete: false })
            {
                // A plain answer that ended before its JSON closed: abort, so it cannot look complete.
                await EndWithErrorAsync(context, options, "the upstream's answer ended early", requestToken).ConfigureAwait(false);
                return AttemptResultKind.FailedAfterCommit;
            }

            if (output is null ? watch is { Ended: false } : !output.Translator.UpstreamEnded)
            {
                await EndWithErrorAsync(context, options, "the upstream closed the stream before it was complete", requestToken).ConfigureAwait(false);
                return AttemptResultKind.FailedAfterCommit;
            }

            return AttemptResultKind.Succeeded;
        }
        catch (InvalidDataException)
        {
            // A translated stream's event passed the per-event cap: the pass-through stream's rule, the same end.
            await EndWithErrorAsync(context, options, $"the upstream sent an event larger than {SseFramer.MaxEventBytes / (1024 * 1024)} MiB", requestToken).ConfigureAwait(false);
            return AttemptResultKind.FailedAfterCommit;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                return AttemptResultKind.Canceled;
            }

            var why = options.DrainEnded.IsCancellationRequested ? "the gateway is shutting down"
                : e is OperationCanceledException && !requestToken.IsCancellationRequested
                ? $"the upstream sent nothing for {options.IdleTimeout.TotalSeconds:0} s"
                : requestToken.IsCancellationRequested ? "the request's deadline passed" : "the upstream connection failed mid-answer";
            await EndWithErrorAsync(context, options, why, CancellationToken.None).ConfigureAwait(false);
            return AttemptResultKind.FailedAfterCommit;
        }
        finally
        {
            BodyBuffers.Return(buffer);
            if (meter is { Reported: true })
            {
                options.Usage!.Set(meter.Usage);
            }
            else if (output is not null && !output.Translator.Usage.IsEmpty)
            {
                options.Usage?.Set(output.Translator.Usage);
            }
        }
    }

    /// <summary>
    /// A plain answer in the client's protocol was read whole and checked before commit (<see cref="WholeAnswerCheck"/>):
    /// nothing is left to read, so no idle timer is needed; it is written at once.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<AttemptResultKind> RelayWholeAsync(HttpContext context, HttpResponseMessage response, byte[] body, int length, RelayOptions options, CancellationToken requestToken)
    {
        try
        {
            var client = context.Response;
            client.StatusCode = (int)response.StatusCode;
            ResponseHeaders.Copy(response, client);
            options.AddGatewayHeaders(client);
            if (IsJson(response) && options.Usage is { } usage)
            {
                usage.Set(UsageReader.FromAnswer(body.AsSpan(0, length), options.Protocol));
            }

            await client.Body.WriteAsync(body.AsMemory(0, length), requestToken).ConfigureAwait(false);
            return AttemptResultKind.Succeeded;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                return AttemptResultKind.Canceled;
            }

            await EndWithErrorAsync(context, options, requestToken.IsCancellationRequested ? "the request's deadline passed" : "the answer could not be written", CancellationToken.None).ConfigureAwait(false);
            return AttemptResultKind.FailedAfterCommit;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>Passes one chunk on; false when a pass-through stream's complete events are not valid SSE JSON.</summary>
    private static async ValueTask<bool> PassAsync(HttpResponse client, StreamOutput? output, SseFramer? framer, StreamEndWatch? watch, StreamUsageMeter? meter, JsonCompleteness? json, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        json?.Observe(chunk.Span);
        if (framer is null)
        {
            await WriteAsync(client, output, chunk, cancellationToken).ConfigureAwait(false);
            return true;
        }

        var complete = framer.Append(chunk.Span);
        if (framer.Malformed)
        {
            return false;
        }

        if (complete > 0)
        {
            watch?.Observe(framer.Buffer.Span[..complete]);
            meter?.Observe(framer.Buffer.Span[..complete]);
            await client.Body.WriteAsync(framer.Buffer[..complete], cancellationToken).ConfigureAwait(false);
            framer.Consume(complete);
        }

        return true;
    }

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is { } media && media.Contains("json", StringComparison.OrdinalIgnoreCase);

    private static async Task WriteAsync(HttpResponse client, StreamOutput? output, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        if (output is null)
        {
            await client.Body.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            return;
        }

        output.Translator.Write(chunk.Span, output.Buffer);
        await output.FlushToAsync(client, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A whole answer in another protocol: read it (bounded), translate it, write it at once.</summary>
    private static async Task<AttemptResultKind> RelayTranslatedBodyAsync(HttpContext context, HttpResponseMessage response, Stream upstream, byte[] start, int startLength, RelayOptions options, TranslationContext translation, CancellationToken requestToken)
    {
        using var whole = new MemoryStream();
        try
        {
            whole.Write(start, 0, startLength);
            using var idleTimer = new CancellationTokenSource(options.IdleTimeout, options.Time);
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(requestToken, idleTimer.Token);
            await upstream.CopyToAsync(new BoundedWriteStream(whole, options.MaxBodyBytes, options.Bodies), idle.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            // Nothing reached the client yet: an ordinary failed attempt.
            return context.RequestAborted.IsCancellationRequested ? AttemptResultKind.Canceled : AttemptResultKind.Failed;
        }
        finally
        {
            BodyBuffers.Return(start);
        }

        await IoThread.LeaveForLargeAsync((int)whole.Length).ConfigureAwait(false);
        var upstreamBody = whole.GetBuffer().AsSpan(0, (int)whole.Length);
        if (WholeAnswerCheck.BodyProblem(upstreamBody) is not null)
        {
            return AttemptResultKind.Failed;
        }

        byte[] body;
        try
        {
            body = ProtocolTranslator.TranslateResponse(upstreamBody, translation);
            options.Usage?.Set(UsageReader.FromAnswer(upstreamBody, translation.Upstream));
        }
        catch (Exception e) when (e is InvalidRequestBodyException or NotSupportedException or System.Text.Json.JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            // Not committed yet: a cut or malformed upstream answer is a failed attempt that may still fall back.
            return AttemptResultKind.Failed;
        }

        context.Response.StatusCode = (int)response.StatusCode;
        ResponseHeaders.Copy(response, context.Response, translated: true);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        options.AddGatewayHeaders(context.Response);
        await context.Response.Body.WriteAsync(body, requestToken).ConfigureAwait(false);
        return AttemptResultKind.Succeeded;
    }

    /// <summary>
    /// Ends a committed answer that failed: a stream gets its protocol's terminal error event (then a normal close, so
    /// the client reads it); a plain body cannot say so, so the connection is aborted and the client sees a broken
    /// response instead of one that looks complete.
    /// </summary>
    private static async Task EndWithErrorAsync(HttpContext context, RelayOptions options, string why, CancellationToken cancellationToken)
    {
        if (!options.IsStream)
        {
            context.Abort();
            return;
        }

        try
        {
            var bytes = ClientErrors.StreamTerminal(options.Protocol, ErrorKind.BadGateway, $"FlowGate: {why}; the answer is incomplete.");
            await context.Response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            context.Abort();
        }
    }
}
