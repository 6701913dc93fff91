using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace FlowGate.Routing.AspNetCore.Secrets;

/// <summary>Puts a <see cref="SecretRedactor"/> between a proxied request's answer and the client: its body and its headers.</summary>
internal static class ResponseRedaction
{
    /// <summary>Wraps the response body; the returned stream must be completed once the answer is written.</summary>
    /// <returns>The redacting body, or null when no secret is configured.</returns>
    public static RedactingStream? Install(HttpContext context, SecretRedactor redactor)
    {
        if (redactor.IsEmpty)
        {
            return null;
        }

        var body = new RedactingStream(context.Response.Body, redactor);
        context.Response.Body = body;
        context.Response.OnStarting(static state => MaskHeaders((ValueTuple<HttpResponse, SecretRedactor>)state), (context.Response, redactor));
        return body;
    }

    /// <summary>Writes what the redacting body still holds; a client that went away is not an error here.</summary>
    public static async Task CompleteAsync(HttpContext context, RedactingStream? body)
    {
        if (body is null || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await body.CompleteAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The answer was aborted or already ended; nothing more can reach the client.
        }
    }

    private static Task MaskHeaders((HttpResponse Response, SecretRedactor Redactor) state)
    {
        var headers = state.Response.Headers;
        List<KeyValuePair<string, StringValues>>? changed = null;
        foreach (var header in headers)
        {
            var values = header.Value;
            string?[]? masked = null;
            for (var i = 0; i < values.Count; i++)
            {
                var value = values[i] ?? string.Empty;
                var clean = state.Redactor.Mask(value);
                if (!ReferenceEquals(clean, value))
                {
                    masked ??= values.ToArray();
                    masked[i] = clean;
                }
            }

            if (masked is not null)
            {
                (changed ??= []).Add(new(header.Key, new StringValues(masked)));
            }
        }

        foreach (var (name, value) in changed ?? [])
        {
            headers[name] = value;
        }

        return Task.CompletedTask;
    }
}
