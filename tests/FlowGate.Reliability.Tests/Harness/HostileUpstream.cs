using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FlowGate.Reliability.Tests.Harness;

/// <summary>
/// An upstream that misbehaves on purpose, beside the friendly mock: a raw HTTP/1.1 server on a socket (so it can send
/// what Kestrel would refuse to, such as two <c>Content-Length</c> headers), answering each request by the fault its
/// model name starts with. The protocol follows the path (<c>/v1/messages</c> Anthropic, <c>/chat/completions</c> Chat,
/// <c>/responses</c> Responses). Faults:
/// <list type="bullet">
/// <item><c>echo-STATUS</c>: an error with that status whose message quotes every request header (as relays do);</item>
/// <item><c>echo-200</c>: a complete answer whose text quotes every request header;</item>
/// <item><c>html-200</c>, <c>junk-200</c>, <c>truncated-200</c>: a 200 with a correct <c>Content-Length</c> and HTML, JSON
/// followed by junk, or half a JSON answer;</item>
/// <item><c>dup-cl</c> / <c>conflict-cl</c>: a complete answer sent with two equal / different <c>Content-Length</c>s;</item>
/// <item><c>bad-utf8</c>: a complete answer whose text holds invalid UTF-8;</item>
/// <item>(these whole-answer faults answer stream requests too, with the same non-stream 200;)</item>
/// <item><c>huge-event-MB</c>: a stream whose second event is one <c>data:</c> line of that many MiB;</item>
/// <item><c>done-in-text</c>: a Chat stream whose text holds <c>data: [DONE]</c>, then cut without the terminator;</item>
/// <item><c>early-413</c>: 413 (in the path's protocol) after the body's first 512 bytes, then close.</item>
/// </list>
/// Anything else gets a complete, friendly answer. Attempts are counted per <c>x-mock-request-id</c>.
/// </summary>
internal sealed partial class HostileUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Task> _connections = [];

    private HostileUpstream()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri BaseUrl { get; }

    public static HostileUpstream Start() => new();

    public int Attempts(string requestId) => _attempts.GetValueOrDefault(requestId);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(_connections.ToArray()).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            _connections.Add(Task.Run(() => ServeAsync(socket)));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        await using (var stream = new NetworkStream(socket, ownsSocket: false))
        {
            try
            {
                while (await ServeOneAsync(stream))
                {
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Serves one request; false when the connection is to close.</summary>
    private async Task<bool> ServeOneAsync(Stream stream)
    {
        var head = await ReadHeadAsync(stream);
        if (head is null)
        {
            return false;
        }

        var lines = head.Split("\r\n");
        var path = lines[0].Split(' ')[1];
        var headers = lines.Skip(1).Where(l => l.Length > 0).ToList();
        var length = headers.Select(h => h.Split(':', 2)).Where(p => p[0].Trim().Equals("content-length", StringComparison.OrdinalIgnoreCase)).Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var requestId = headers.Select(h => h.Split(':', 2)).Where(p => p[0].Trim().Equals("x-mock-request-id", StringComparison.OrdinalIgnoreCase)).Select(p => p[1].Trim()).FirstOrDefault();
        if (requestId is not null)
        {
            _attempts.AddOrUpdate(requestId, 1, (_, n) => n + 1);
        }

        // The model is in the first bytes of every test request; a body is only read when the fault needs it read.
        var prefix = new byte[Math.Min(length, 512)];
        await stream.ReadExactlyAsync(prefix, _stop.Token);
        var model = ModelPattern().Match(Encoding.UTF8.GetString(prefix)) is { Success: true } m ? m.Groups[1].Value : string.Empty;
        var isStream = Encoding.UTF8.GetString(prefix).Contains("\"stream\":true", StringComparison.Ordinal);
        if (model.StartsWith("early-413", StringComparison.Ordinal))
        {
            // One write (a second small one could wait for an ACK and be lost to the reset the close sends), in the
            // path's protocol, as the real APIs answer it.
            var refusal = path.Contains("/messages", StringComparison.Ordinal)
                ? "{\"type\":\"error\",\"error\":{\"type\":\"request_too_large\",\"message\":\"upstream: request too large\"}}"
                : "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"request_too_large\",\"message\":\"upstream: request too large\"}}";
            await WriteRawAsync(stream, string.Empty, Encoding.ASCII.GetBytes($"HTTP/1.1 413 X\r\nContent-Type: application/json\r\nContent-Length: {refusal.Length}\r\nConnection: close\r\n\r\n{refusal}"));
            return false;
        }

        await DrainAsync(stream, length - prefix.Length);
        var protocol = path.Contains("/messages", StringComparison.Ordinal) ? Wire.Anthropic : path.Contains("/responses", StringComparison.Ordinal) ? Wire.Responses : Wire.Chat;
        var quoted = string.Join("; ", headers);
        if (model.StartsWith("echo-", StringComparison.Ordinal) && !model.StartsWith("echo-200", StringComparison.Ordinal))
        {
            var status = int.Parse(model.AsSpan(5, 3), System.Globalization.CultureInfo.InvariantCulture);
            var error = JsonSerializer.Serialize(new { type = "error", error = new { type = "api_error", message = "upstream relay failed; request was: " + quoted } });
            await WriteAsync(stream, status, "application/json", Encoding.UTF8.GetBytes(error));
            return true;
        }

        var text = model.StartsWith("echo-200", StringComparison.Ordinal) ? "you sent: " + quoted : "hello from the hostile upstream";
        var wholeFault = new[] { "html-200", "junk-200", "truncated-200", "dup-cl", "conflict-cl", "bad-utf8" }.Any(f => model.StartsWith(f, StringComparison.Ordinal));
        if (isStream && !wholeFault)
        {
            await StreamAsync(stream, protocol, model, text);
            return false;
        }

        // The whole-answer faults answer a stream request the same way: a 200 that is not an event stream.
        var body = Whole(protocol, text);
        switch (model)
        {
            case var _ when model.StartsWith("html-200", StringComparison.Ordinal):
                await WriteAsync(stream, 200, "text/html", "<html><body><h1>Welcome to nginx!</h1></body></html>"u8.ToArray());
                return true;
            case var _ when model.StartsWith("junk-200", StringComparison.Ordinal):
                await WriteAsync(stream, 200, "application/json", [.. body, .. "<!-- junk -->"u8]);
                return true;
            case var _ when model.StartsWith("truncated-200", StringComparison.Ordinal):
                await WriteAsync(stream, 200, "application/json", body[..(body.Length / 2)]);
                return true;
            case var _ when model.StartsWith("dup-cl", StringComparison.Ordinal):
                await WriteRawAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n", body);
                return false;
            case var _ when model.StartsWith("conflict-cl", StringComparison.Ordinal):
                await WriteRawAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nContent-Length: {body.Length + 5}\r\nConnection: close\r\n\r\n", body);
                return false;
            case var _ when model.StartsWith("bad-utf8", StringComparison.Ordinal):
                var at = body.AsSpan().IndexOf("hostile"u8);
                body[at] = 0xC3;
                body[at + 1] = 0x28;
                await WriteAsync(stream, 200, "application/json", body);
                return true;
            default:
                await WriteAsync(stream, 200, "application/json", body);
                return true;
        }
    }

    private async Task StreamAsync(Stream stream, Wire protocol, string model, string text)
    {
        await WriteRawAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n", []);
        var events = Events(protocol, text);
        await WriteRawAsync(stream, string.Empty, Encoding.UTF8.GetBytes(events[0]));
        if (model.StartsWith("huge-event-", StringComparison.Ordinal))
        {
            var mb = int.Parse(model.AsSpan(11), System.Globalization.CultureInfo.InvariantCulture);
            var piece = Encoding.ASCII.GetBytes("data: {\"pad\":\"" + new string('x', 64 * 1024));
            await stream.WriteAsync(piece, _stop.Token);
            var filler = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            for (var i = 1; i < mb * 16; i++)
            {
                await stream.WriteAsync(filler, _stop.Token);
            }

            await stream.WriteAsync("\"}\n\n"u8.ToArray(), _stop.Token);
        }

        if (model.StartsWith("done-in-text", StringComparison.Ordinal))
        {
            var chunk = JsonSerializer.Serialize(new { id = "c1", @object = "chat.completion.chunk", created = 0, model = "m", choices = new[] { new { index = 0, delta = new { content = "x\n\ndata: [DONE]\n\n" }, finish_reason = (string?)null } } });
            await WriteRawAsync(stream, string.Empty, Encoding.UTF8.GetBytes($"data: {chunk}\n\n"));
            return;
        }

        foreach (var e in events.Skip(1))
        {
            await WriteRawAsync(stream, string.Empty, Encoding.UTF8.GetBytes(e));
        }
    }

    private static string[] Events(Wire protocol, string text) => protocol switch
    {
        Wire.Chat =>
        [
            $"data: {JsonSerializer.Serialize(new { id = "c1", @object = "chat.completion.chunk", created = 0, model = "m", choices = new[] { new { index = 0, delta = new { role = "assistant", content = text }, finish_reason = (string?)null } } })}\n\n",
            $"data: {JsonSerializer.Serialize(new { id = "c1", @object = "chat.completion.chunk", created = 0, model = "m", choices = new[] { new { index = 0, delta = new { }, finish_reason = "stop" } }, usage = new { prompt_tokens = 1, completion_tokens = 1, total_tokens = 2 } })}\n\n",
            "data: [DONE]\n\n",
        ],
        Wire.Anthropic =>
        [
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":0}}}\n\n",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
            $"event: content_block_delta\ndata: {{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{{\"type\":\"text_delta\",\"text\":{JsonSerializer.Serialize(text)}}}}}\n\n",
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":1}}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
        ],
        _ =>
        [
            "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":0,\"status\":\"in_progress\",\"model\":\"m\",\"output\":[]}}\n\n",
            $"event: response.output_text.delta\ndata: {{\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":{JsonSerializer.Serialize(text)}}}\n\n",
            $"event: response.completed\ndata: {{\"type\":\"response.completed\",\"response\":{Encoding.UTF8.GetString(Whole(Wire.Responses, text))}}}\n\n",
        ],
    };

    private static byte[] Whole(Wire protocol, string text) => Encoding.UTF8.GetBytes(protocol switch
    {
        Wire.Chat => JsonSerializer.Serialize(new { id = "c1", @object = "chat.completion", created = 0, model = "m", choices = new[] { new { index = 0, message = new { role = "assistant", content = text }, finish_reason = "stop" } }, usage = new { prompt_tokens = 1, completion_tokens = 1, total_tokens = 2 } }),
        Wire.Anthropic => JsonSerializer.Serialize(new { id = "msg_1", type = "message", role = "assistant", model = "m", content = new[] { new { type = "text", text } }, stop_reason = "end_turn", stop_sequence = (string?)null, usage = new { input_tokens = 1, output_tokens = 1 } }),
        _ => JsonSerializer.Serialize(new { id = "resp_1", @object = "response", created_at = 0, status = "completed", model = "m", output = new[] { new { type = "message", id = "msg_1", status = "completed", role = "assistant", content = new[] { new { type = "output_text", text, annotations = Array.Empty<string>() } } } }, usage = new { input_tokens = 1, output_tokens = 1, total_tokens = 2 } }),
    });

    private async Task WriteAsync(Stream stream, int status, string contentType, byte[] body) =>
        await WriteRawAsync(stream, $"HTTP/1.1 {status} X\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n\r\n", body);

    private async Task WriteRawAsync(Stream stream, string head, byte[] body)
    {
        if (head.Length > 0)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
        }

        if (body.Length > 0)
        {
            await stream.WriteAsync(body, _stop.Token);
        }

        await stream.FlushAsync(_stop.Token);
    }

    private async Task DrainAsync(Stream stream, int count)
    {
        var buffer = new byte[64 * 1024];
        while (count > 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(count, buffer.Length)), _stop.Token);
            if (read == 0)
            {
                throw new IOException("the request body ended early");
            }

            count -= read;
        }
    }

    private async Task<string?> ReadHeadAsync(Stream stream)
    {
        var head = new List<byte>(1024);
        var one = new byte[1];
        while (head.Count < 64 * 1024)
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return null;
            }

            head.Add(one[0]);
            if (head.Count >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r')
            {
                return Encoding.ASCII.GetString([.. head], 0, head.Count - 4);
            }
        }

        return null;
    }

    [GeneratedRegex("\"model\"\\s*:\\s*\"([^\"]*)\"")]
    private static partial Regex ModelPattern();

    private enum Wire
    {
        Chat,
        Anthropic,
        Responses,
    }
}
