using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace FlowGate.Routing.AspNetCore.Hosting;

/// <summary>Writes a small JSON response built with <see cref="Utf8JsonWriter"/> (no reflection, trim-safe); a HEAD request gets the headers only.</summary>
internal static class JsonBody
{
    public static Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var body = Build(write);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        response.Headers.CacheControl = "no-store";
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body).AsTask();
    }

    public static byte[] Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
