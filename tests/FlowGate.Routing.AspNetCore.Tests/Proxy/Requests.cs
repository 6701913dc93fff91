using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>Client requests of the three protocols.</summary>
internal static class Requests
{
    public static HttpRequestMessage Chat(string model, string text = "hello", bool stream = false, string? requestId = null) =>
        Post("/v1/chat/completions", new JsonObject
        {
            ["model"] = model,
            ["stream"] = stream,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }),
        }, requestId);

    public static HttpRequestMessage Messages(string model, string text = "hello", bool stream = false, string? requestId = null)
    {
        var request = Post("/v1/messages?beta=true", new JsonObject
        {
            ["model"] = model,
            ["max_tokens"] = 1024,
            ["stream"] = stream,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }),
        }, requestId);
        request.Headers.Add("anthropic-version", "2023-06-01");
        return request;
    }

    public static HttpRequestMessage Responses(string model, string text = "hello", bool stream = false, string? requestId = null) =>
        Post("/v1/responses", new JsonObject
        {
            ["model"] = model,
            ["stream"] = stream,
            ["input"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }),
        }, requestId);

    private static HttpRequestMessage Post(string path, JsonObject body, string? requestId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "client-key-not-for-upstream");
        if (requestId is not null)
        {
            request.Headers.Add("x-mock-request-id", requestId);
        }

        return request;
    }
}
