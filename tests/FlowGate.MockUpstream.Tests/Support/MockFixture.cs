using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowGate.MockUpstream.Tests.Support;

/// <summary>A started <see cref="MockUpstreamServer"/> with an HttpClient on it; dispose it at the end of the test.</summary>
internal sealed class MockFixture : IAsyncDisposable
{
    public const string TestKey = "mock-test-key";

    private MockFixture(MockUpstreamServer server, bool followRedirects)
    {
        Server = server;
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = followRedirects }) { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
    }

    public MockUpstreamServer Server { get; }

    public HttpClient Client { get; }

    public static async Task<MockFixture> StartAsync(MockUpstreamOptions? options = null, bool followRedirects = false) =>
        new(await MockUpstreamServer.StartAsync(options), followRedirects);

    public static HttpRequestMessage Request(string path, JsonNode body, params (string Name, string Value)[] headers) =>
        Request(path, body.ToJsonString(), headers);

    public static HttpRequestMessage Request(string path, string body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        // What an SDK always sends and the strict mock (like the real APIs) requires: a key, and the Messages version.
        if (!request.Headers.Contains("authorization") && !request.Headers.Contains("x-api-key"))
        {
            request.Headers.TryAddWithoutValidation("authorization", "Bearer " + TestKey);
        }

        if (path.Contains("/messages", StringComparison.Ordinal) && !request.Headers.Contains("anthropic-version"))
        {
            request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
        }

        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        using (request)
        {
            return await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
    }

    public async Task<(HttpResponseMessage Response, JsonElement Json)> PostJsonAsync(string path, JsonNode body, params (string Name, string Value)[] headers)
    {
        var response = await SendAsync(Request(path, body, headers));
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return (response, document.RootElement.Clone());
    }

    public async Task<(HttpResponseMessage Response, List<SseEvent> Events)> PostStreamAsync(string path, JsonNode body, params (string Name, string Value)[] headers)
    {
        var response = await SendAsync(Request(path, body, headers));
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        return (response, await reader.ReadAllAsync());
    }

    public static string? ContentType(HttpResponseMessage response) => response.Content.Headers.ContentType is MediaTypeHeaderValue type ? type.MediaType : null;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
