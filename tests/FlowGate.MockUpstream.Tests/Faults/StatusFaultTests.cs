using System.Text.Json;
using System.Text.Json.Nodes;
using FlowGate.MockUpstream.Tests.Support;

namespace FlowGate.MockUpstream.Tests.Faults;

public sealed class StatusFaultTests
{
    [Theory]
    [InlineData(400, "invalid_request_error")]
    [InlineData(401, "authentication_error")]
    [InlineData(403, "permission_error")]
    [InlineData(429, "rate_limit_error")]
    [InlineData(500, "api_error")]
    [InlineData(502, "api_error")]
    [InlineData(503, "overloaded_error")]
    [InlineData(529, "overloaded_error")]
    public async Task Messages_Status_AnswersAnAnthropicErrorBody(int status, string type)
    {
        await using var mock = await MockFixture.StartAsync();
        var (response, json) = await mock.PostJsonAsync(Bodies.MessagesPath, Bodies.Anthropic("x", stream: true), (MockHeaders.Fault, $"status:{status}"));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", MockFixture.ContentType(response));
        Assert.Equal("error", json.GetProperty("type").GetString());
        Assert.Equal(type, json.GetProperty("error").GetProperty("type").GetString());
        Assert.NotEmpty(json.GetProperty("error").GetProperty("message").GetString()!);
    }

    [Theory]
    [InlineData(Bodies.ChatPath, 401, "invalid_api_key")]
    [InlineData(Bodies.ResponsesPath, 429, "rate_limit_exceeded")]
    [InlineData(Bodies.ChatPath, 500, null)]
    [InlineData(Bodies.ResponsesPath, 503, "server_overloaded")]
    public async Task OpenAI_Status_AnswersAnOpenAIErrorBody(string path, int status, string? code)
    {
        await using var mock = await MockFixture.StartAsync();
        var body = path == Bodies.ChatPath ? Bodies.Chat("x") : Bodies.ResponsesBody("x");
        var (response, json) = await mock.PostJsonAsync(path, body, (MockHeaders.Fault, $"status:{status}"));

        Assert.Equal(status, (int)response.StatusCode);
        var error = json.GetProperty("error");
        Assert.NotEmpty(error.GetProperty("message").GetString()!);
        Assert.NotEmpty(error.GetProperty("type").GetString()!);
        Assert.True(error.TryGetProperty("param", out _));
        Assert.Equal(code, error.GetProperty("code").ValueKind == JsonValueKind.Null ? null : error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Status429_WithRetryAfterSeconds_SetsTheHeader()
    {
        await using var mock = await MockFixture.StartAsync();
        var (response, json) = await mock.PostJsonAsync(Bodies.ChatPath, Bodies.Chat("x"), (MockHeaders.Fault, "status:429; retry-after:7"));

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Contains("try again in 7s", json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status429_WithRetryAfterDate_SetsAnHttpDate()
    {
        await using var mock = await MockFixture.StartAsync();
        var (response, _) = await mock.PostJsonAsync(Bodies.MessagesPath, Bodies.Anthropic("x"), (MockHeaders.Fault, "status:429;retry-after-date:30"));

        var date = Assert.IsType<DateTimeOffset>(response.Headers.RetryAfter?.Date);
        Assert.InRange(date, DateTimeOffset.UtcNow.AddSeconds(20), DateTimeOffset.UtcNow.AddSeconds(40));
    }

    [Fact]
    public async Task Context_AnswersTheProtocolsContextError()
    {
        await using var mock = await MockFixture.StartAsync();
        var (anthropic, anthropicJson) = await mock.PostJsonAsync(Bodies.MessagesPath, Bodies.Anthropic("x"), (MockHeaders.Fault, "context"));
        var (openAi, openAiJson) = await mock.PostJsonAsync(Bodies.ResponsesPath, Bodies.ResponsesBody("x"), (MockHeaders.Fault, "context"));

        Assert.Equal(400, (int)anthropic.StatusCode);
        Assert.StartsWith("prompt is too long", anthropicJson.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, (int)openAi.StatusCode);
        Assert.Equal("context_length_exceeded", openAiJson.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Signature_AnswersA400NamingTheThinkingSignature()
    {
        await using var mock = await MockFixture.StartAsync();
        var (response, json) = await mock.PostJsonAsync(Bodies.MessagesPath, Bodies.Anthropic("x"), (MockHeaders.Fault, "signature"));

        Assert.Equal(400, (int)response.StatusCode);
        var message = json.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains("signature", message, StringComparison.Ordinal);
        Assert.Contains("thinking", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_OverridesTheErrorMessage()
    {
        await using var mock = await MockFixture.StartAsync();
        var (_, json) = await mock.PostJsonAsync(Bodies.MessagesPath, Bodies.Anthropic("x"), (MockHeaders.Fault, "status:403;message:quota exceeded"));

        Assert.Equal("quota exceeded", json.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task FaultTimes_FailsTheFirstAttemptsThenSucceeds()
    {
        await using var mock = await MockFixture.StartAsync();
        (string, string)[] headers = [(MockHeaders.Fault, "status:503"), (MockHeaders.FaultTimes, "2"), (MockHeaders.RequestId, "retry-me")];

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await mock.SendAsync(MockFixture.Request(Bodies.ChatPath, Bodies.Chat("x"), headers));
            statuses.Add((int)response.StatusCode);
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues(MockHeaders.Attempt).Single());
        }

        Assert.Equal([503, 503, 200], statuses);
        Assert.Equal(3, mock.Server.Counters.Attempts("retry-me"));
    }

    [Fact]
    public async Task FaultsByModel_AppliesWithoutHeaders_AndCountsAttemptsByBodyHash()
    {
        var options = new MockUpstreamOptions { FaultsByModel = new Dictionary<string, string> { ["flaky"] = "status:429;retry-after:1;times:1" } };
        await using var mock = await MockFixture.StartAsync(options);
        var body = Bodies.Anthropic("same body", model: "flaky");

        var (first, _) = await mock.PostJsonAsync(Bodies.MessagesPath, body);
        var (second, json) = await mock.PostJsonAsync(Bodies.MessagesPath, body);
        var (other, _) = await mock.PostJsonAsync(Bodies.MessagesPath, Bodies.Anthropic("same body", model: "steady"));

        Assert.Equal(429, (int)first.StatusCode);
        Assert.Equal(200, (int)second.StatusCode);
        Assert.Equal(200, (int)other.StatusCode);
        Assert.Equal("mock: same body", json.GetProperty("content")[0].GetProperty("text").GetString());
        var requestId = first.Headers.GetValues(MockHeaders.RequestId).Single();
        Assert.StartsWith("body-", requestId, StringComparison.Ordinal);
        Assert.Equal(2, mock.Server.Counters.Attempts(requestId));
    }

    [Fact]
    public async Task FaultsByEndpoint_AppliesToThatEndpointOnly()
    {
        var options = new MockUpstreamOptions { FaultsByEndpoint = new Dictionary<MockEndpoint, string> { [MockEndpoint.ChatCompletions] = "status:502" } };
        await using var mock = await MockFixture.StartAsync(options);

        var (chat, _) = await mock.PostJsonAsync(Bodies.ChatPath, Bodies.Chat("x"));
        var (responses, _) = await mock.PostJsonAsync(Bodies.ResponsesPath, Bodies.ResponsesBody("x"));

        Assert.Equal(502, (int)chat.StatusCode);
        Assert.Equal(200, (int)responses.StatusCode);
    }

    [Fact]
    public async Task Redirect_Answers302ToAnotherUrlOnTheMock()
    {
        await using var mock = await MockFixture.StartAsync();
        using var response = await mock.SendAsync(MockFixture.Request(Bodies.MessagesPath, Bodies.Anthropic("x"), (MockHeaders.Fault, "redirect")));

        Assert.Equal(302, (int)response.StatusCode);
        var location = Assert.IsType<Uri>(response.Headers.Location);
        Assert.Equal(mock.Server.Url("/redirected/v1/messages?beta=true"), location);

        var (followed, json) = await mock.PostJsonAsync(location.PathAndQuery, Bodies.Anthropic("x"), (MockHeaders.Fault, "redirect"));
        Assert.Equal(200, (int)followed.StatusCode);
        Assert.Equal("message", json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task InvalidFaultHeader_AnswersA400SayingWhy()
    {
        await using var mock = await MockFixture.StartAsync();
        var (response, json) = await mock.PostJsonAsync(Bodies.ChatPath, Bodies.Chat("x"), (MockHeaders.Fault, "explode"));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("explode", json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectForeignSignatures_AnswersTheSignatureErrorForAnotherMocksThinking()
    {
        await using var mock = await MockFixture.StartAsync(new MockUpstreamOptions { Name = "mock-a", RejectForeignSignatures = true });
        var body = Bodies.Anthropic("think");
        body["thinking"] = new JsonObject { ["type"] = "adaptive" };
        var (_, own) = await mock.PostJsonAsync(Bodies.MessagesPath, body);
        var ownThinking = own.GetProperty("content")[0];

        var (accepted, _) = await mock.PostJsonAsync(Bodies.MessagesPath, WithHistory(ownThinking.GetProperty("signature").GetString()!));
        var (rejected, json) = await mock.PostJsonAsync(Bodies.MessagesPath, WithHistory("mocksig.mock-b.0123"));

        Assert.Equal(200, (int)accepted.StatusCode);
        Assert.Equal(400, (int)rejected.StatusCode);
        Assert.Contains("signature", json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);

        static JsonObject WithHistory(string signature)
        {
            var body = Bodies.Anthropic("first");
            var messages = body["messages"]!.AsArray();
            messages.Add(new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = new JsonArray(
                    new JsonObject { ["type"] = "thinking", ["thinking"] = "t", ["signature"] = signature },
                    new JsonObject { ["type"] = "text", ["text"] = "answer" }),
            });
            messages.Add(new JsonObject { ["role"] = "user", ["content"] = "again" });
            return body;
        }
    }
}
