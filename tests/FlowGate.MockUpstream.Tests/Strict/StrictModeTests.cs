using System.Net;
using System.Text.Json;
using FlowGate.MockUpstream.Tests.Support;
using FlowGate.TestUtils;

namespace FlowGate.MockUpstream.Tests.Strict;

/// <summary>The strict mock refuses what the real APIs refuse, with their status and error shape; the lenient one does not.</summary>
public sealed class StrictModeTests
{
    private const string Messages = "/v1/messages";
    private const string Chat = "/v1/chat/completions";
    private const string Responses = "/v1/responses";

    private const string ToolUse = """{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"Bash","input":{}}]}""";
    private const string ChatCall = """{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"Bash","arguments":"{}"}}]}""";

    public static TheoryData<string, string, string, int, string> Refused => new()
    {
        { "messages: no key", Messages, """{"model":"m","max_tokens":8,"messages":[{"role":"user","content":"hi"}]}""", 401, "x-api-key header is required" },
        { "messages: no anthropic-version", Messages, """{"model":"m","max_tokens":8,"messages":[{"role":"user","content":"hi"}]}""", 400, "anthropic-version: header is required" },
        { "messages: no max_tokens", Messages, """{"model":"m","messages":[{"role":"user","content":"hi"}]}""", 400, "max_tokens: Field required" },
        { "messages: assistant first", Messages, """{"model":"m","max_tokens":8,"messages":[{"role":"assistant","content":"hi"}]}""", 400, "first message must use the \"user\" role" },
        { "messages: unknown role", Messages, """{"model":"m","max_tokens":8,"messages":[{"role":"tool","content":"hi"}]}""", 400, "messages.0.role" },
        { "messages: unknown block", Messages, """{"model":"m","max_tokens":8,"messages":[{"role":"user","content":[{"type":"input_text","text":"hi"}]}]}""", 400, "Input tag 'input_text'" },
        {
            "messages: orphan tool_result", Messages,
            """{"model":"m","max_tokens":8,"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"ok"},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_9","content":"x"}]}]}""",
            400, "unexpected `tool_use_id` found in `tool_result` blocks: toolu_9"
        },
        {
            "messages: unanswered tool_use", Messages,
            $$"""{"model":"m","max_tokens":8,"messages":[{"role":"user","content":"hi"},{{ToolUse}},{"role":"user","content":"and?"}]}""",
            400, "`tool_use` ids were found without `tool_result` blocks immediately after: toolu_1"
        },
        {
            "messages: foreign thinking signature", Messages,
            """{"model":"m","max_tokens":8,"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":[{"type":"thinking","thinking":"t","signature":"from-elsewhere"},{"type":"text","text":"ok"}]},{"role":"user","content":"go"}]}""",
            400, "Invalid `signature` in `thinking` block"
        },
        { "chat: no key", Chat, """{"model":"m","messages":[{"role":"user","content":"hi"}]}""", 401, "You didn't provide an API key" },
        { "chat: unknown role", Chat, """{"model":"m","messages":[{"role":"robot","content":"hi"}]}""", 400, "Invalid value: 'robot'" },
        { "chat: unknown part", Chat, """{"model":"m","messages":[{"role":"user","content":[{"type":"input_text","text":"hi"}]}]}""", 400, "Invalid value: 'input_text'" },
        { "chat: orphan tool message", Chat, """{"model":"m","messages":[{"role":"user","content":"hi"},{"role":"tool","tool_call_id":"call_9","content":"x"}]}""", 400, "must be a response to a preceeding message with 'tool_calls'" },
        {
            "chat: unanswered tool_calls", Chat,
            $$"""{"model":"m","messages":[{"role":"user","content":"hi"},{{ChatCall}},{"role":"user","content":"and?"}]}""",
            400, "did not have response messages: call_1"
        },
        { "responses: no key", Responses, """{"model":"m","input":"hi"}""", 401, "You didn't provide an API key" },
        { "responses: unknown item", Responses, """{"model":"m","input":[{"type":"tool_result","call_id":"c"}]}""", 400, "Invalid value: 'tool_result'" },
        { "responses: unknown part", Responses, """{"model":"m","input":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""", 400, "Invalid value: 'text'" },
        { "responses: orphan output", Responses, """{"model":"m","input":[{"role":"user","content":"hi"},{"type":"function_call_output","call_id":"call_9","output":"x"}]}""", 400, "No tool call found for function call output with call_id call_9" },
        {
            "responses: foreign encrypted reasoning", Responses,
            """{"model":"m","input":[{"role":"user","content":"hi"},{"type":"reasoning","summary":[],"encrypted_content":"from-elsewhere"}]}""",
            400, "could not be verified"
        },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Strict_RefusesWhatTheRealApiRefuses_InItsErrorShape(string rule, string path, string body, int status, string message)
    {
        await using var mock = await MockFixture.StartAsync();
        using var response = await mock.SendAsync(RequestFor(rule, path, body));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == status, $"{rule}: {(int)response.StatusCode} {text}");
        using var json = JsonDocument.Parse(text);
        var error = json.RootElement.GetProperty("error");
        if (path == Messages)
        {
            Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        }

        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.NotNull(Assert.Single(mock.Server.Requests).StrictViolation);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Lenient_AnswersTheSameRequests(string rule, string path, string body, int status, string message)
    {
        _ = (status, message);
        await using var mock = await MockFixture.StartAsync(new MockUpstreamOptions { Strict = false });
        using var response = await mock.SendAsync(RequestFor(rule, path, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(Messages, """{"model":"m","max_tokens":8,"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"Bash","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"x"},{"type":"text","text":"go"}]}]}""")]
    [InlineData(Chat, """{"model":"m","messages":[{"role":"system","content":"s"},{"role":"user","content":"hi"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"Bash","arguments":"{}"}}]},{"role":"tool","tool_call_id":"call_1","content":"x"},{"role":"user","content":"go"}]}""")]
    [InlineData(Responses, """{"model":"m","input":[{"role":"developer","content":"d"},{"role":"user","content":[{"type":"input_text","text":"hi"}]},{"type":"function_call","call_id":"call_1","name":"Bash","arguments":"{}"},{"type":"function_call_output","call_id":"call_1","output":"x"}]}""")]
    public async Task Strict_AcceptsAWellFormedToolLoop(string path, string body)
    {
        await using var mock = await MockFixture.StartAsync();
        using var response = await mock.SendAsync(MockFixture.Request(path, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Assert.Single(mock.Server.Requests).StrictViolation);
    }

    [Theory]
    [InlineData(ClientFixtures.ClaudeCode, Messages)]
    [InlineData(ClientFixtures.Codex, Responses)]
    public async Task Strict_AcceptsTheRealClientsRequests(string fixture, string path)
    {
        await using var mock = await MockFixture.StartAsync();
        using var response = await mock.SendAsync(MockFixture.Request(path, System.Text.Encoding.UTF8.GetString(ClientFixtures.Body(fixture))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // The "no key" and "no anthropic-version" rules need the request without what the fixture adds.
    private static HttpRequestMessage RequestFor(string rule, string path, string body)
    {
        var request = MockFixture.Request(path, body);
        if (rule.EndsWith("no key", StringComparison.Ordinal))
        {
            request.Headers.Remove("authorization");
        }

        if (rule.EndsWith("no anthropic-version", StringComparison.Ordinal))
        {
            request.Headers.Remove("anthropic-version");
        }

        return request;
    }
}
