using System.Net;
using System.Text.Json;
using FlowGate.Routing.AspNetCore.Tests.Proxy;

namespace FlowGate.Reliability.Tests.Harness;

/// <summary>The client protocols as the tests send them.</summary>
public enum Client
{
    Anthropic,
    Chat,
    Responses,
}

/// <summary>
/// What a client saw at the end of one request, in a form a table can state: <c>ok</c> (a complete answer in the
/// client's protocol), <c>error:STATUS</c> (a protocol-correct error body), <c>stream-error</c> (a committed stream
/// ended with the protocol's terminal error event and no terminator), or <c>broken</c> (a committed plain answer that
/// was aborted). Everything else is <c>invalid:…</c> and fails every cell.
/// </summary>
internal sealed record Outcome(string Kind, int Status, string? Route, int? Attempts, string? RetryAfter, string Body)
{
    public static async Task<Outcome> ReadAsync(HttpClient http, HttpRequestMessage request, Client client, bool stream)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (HttpRequestException)
        {
            // The gateway aborted the connection: a committed plain answer that broke may be aborted before its
            // headers left the socket. Either way the client cannot take it for a complete answer.
            return new Outcome(stream ? "invalid:aborted-stream" : "broken", 0, null, null, null, string.Empty);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var route = Header(response, "x-flowgate-route");
            var attempts = Header(response, "x-flowgate-attempts") is { } a ? int.Parse(a, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
            var retryAfter = response.Headers.RetryAfter?.ToString();
            string body;
            try
            {
                body = await response.Content.ReadAsStringAsync();
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                return new Outcome(status == 200 && !stream ? "broken" : "invalid:broken-" + status, status, route, attempts, retryAfter, string.Empty);
            }

            return new Outcome(Classify(status, body, client, stream && status == 200), status, route, attempts, retryAfter, body);
        }
    }

    public override string ToString() => $"{Kind} (status {Status}, route {Route ?? "-"}, attempts {Attempts?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}, retry-after {RetryAfter ?? "-"}): {(Body.Length > 400 ? Body[..400] + "…" : Body)}";

    private static string Classify(int status, string body, Client client, bool stream)
    {
        if (status == (int)HttpStatusCode.OK && body.Length == 0)
        {
            return "invalid:200-empty";
        }

        if (status != 200)
        {
            return IsProtocolError(body, client) ? $"error:{status}" : $"invalid:error-body-{status}";
        }

        if (!stream)
        {
            try
            {
                _ = ClientAnswer.Read(Name(client), body, stream: false);
                return "ok";
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return "invalid:200-not-an-answer";
            }
        }

        var events = Sse.Parse(body);
        if (IsTerminalError(events, client))
        {
            return "stream-error";
        }

        try
        {
            _ = ClientAnswer.Read(Name(client), body, stream: true);
            return "ok";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or Xunit.Sdk.XunitException)
        {
            return "invalid:stream-incomplete";
        }
    }

    /// <summary>Anthropic <c>{"type":"error","error":{type,message}}</c>; OpenAI <c>{"error":{message,type}}</c>.</summary>
    public static bool IsProtocolError(string body, Client client)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (client == Client.Anthropic && !(root.TryGetProperty("type", out var type) && type.GetString() == "error"))
            {
                return false;
            }

            var error = root.GetProperty("error");
            return error.GetProperty("type").GetString() is { Length: > 0 } && error.GetProperty("message").GetString() is { Length: > 0 };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The stream's last event is its protocol's terminal error, and no terminator came before it.</summary>
    private static bool IsTerminalError(List<(string? Event, string Data)> events, Client client)
    {
        if (events.Count == 0)
        {
            return false;
        }

        var last = events[^1];
        return client switch
        {
            Client.Anthropic => last.Event == "error" && last.Data.Contains("\"type\":\"error\"", StringComparison.Ordinal)
                && !events.Any(e => e.Event == "message_stop"),
            Client.Chat => last.Data.StartsWith("{\"error\"", StringComparison.Ordinal) && !events.Any(e => e.Data == "[DONE]"),
            _ => last.Event == "response.failed" && !events.Any(e => e.Event == "response.completed"),
        };
    }

    public static string Name(Client client) => client switch
    {
        Client.Anthropic => "anthropic",
        Client.Chat => "chat",
        _ => "responses",
    };

    public static HttpRequestMessage Request(Client client, string model, bool stream, string requestId, string text = "hello") => client switch
    {
        Client.Anthropic => Requests.Messages(model, text, stream, requestId),
        Client.Chat => Requests.Chat(model, text, stream, requestId),
        _ => Requests.Responses(model, text, stream, requestId),
    };

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.First() : null;
}
