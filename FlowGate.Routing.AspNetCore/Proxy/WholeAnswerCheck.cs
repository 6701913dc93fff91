using System.Runtime.CompilerServices;
using System.Text.Json;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// Checks an upstream's 2xx answer before anything of it reaches the client: a whole (non-stream) answer must be the
/// protocol's complete JSON — one object, valid UTF-8, nothing after it but whitespace — and the answer's framing must
/// be unambiguous (one <c>Content-Length</c>). An answer that fails is a broken answer: a failed attempt that may fall
/// back, never a clean 200 with HTML or junk in it.
/// </summary>
internal static class WholeAnswerCheck
{
    private const int MaxDepth = 256;

    /// <summary>Why the answer's headers frame it ambiguously, or null when they do not.</summary>
    public static string? FramingProblem(HttpResponseMessage response)
    {
        var lengths = response.Content.Headers.NonValidated.TryGetValues("Content-Length", out var values) ? values.Count : 0;
        return lengths > 1 ? "the upstream sent more than one Content-Length" : null;
    }

    /// <summary>Why <paramref name="body"/> is not a complete JSON answer, or null when it is one.</summary>
    public static string? BodyProblem(ReadOnlySpan<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return "the upstream's answer is not valid UTF-8";
        }

        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "the upstream's answer is not a JSON object";
            }

            reader.Skip();
            return reader.Read() ? "the upstream's answer has bytes after its JSON" : null;
        }
        catch (JsonException)
        {
            return "the upstream's answer is not complete JSON";
        }
    }

    /// <summary>
    /// Reads the rest of a whole answer after its first <paramref name="length"/> bytes, into a buffer from <see cref="BodyBuffers"/> (the one
    /// given, grown as needed). Null when the answer is larger than <paramref name="limit"/> (the buffer is returned).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<(byte[] Buffer, int Length)?> ReadRestAsync(Stream upstream, byte[] buffer, int length, long limit, BodyLease lease, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= limit)
                    {
                        BodyBuffers.Return(buffer);
                        return null;
                    }

                    // Growth is reserved on the request's lease (the attempt releases it when it ends).
                    lease.Reserve(Math.Min(limit, (long)buffer.Length * 2) - buffer.Length);
                    var larger = BodyBuffers.Rent((int)Math.Min(limit, (long)buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    BodyBuffers.Return(buffer);
                    buffer = larger;
                }

                var read = await upstream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            BodyBuffers.Return(buffer);
            throw;
        }
    }
}
