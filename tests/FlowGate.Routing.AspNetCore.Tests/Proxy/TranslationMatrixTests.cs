using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowGate.MockUpstream;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Routing.AspNetCore.Tests.Proxy;

/// <summary>
/// The 3 × 3 matrix through real Kestrel: every client protocol against every upstream protocol, streamed and not,
/// with plain text and with a tool call; the client's answer is read back by its own protocol's rules.
/// </summary>
public sealed class TranslationMatrixTests : IAsyncLifetime
{
    private MockUpstreamServer _mock = null!;
    private TestGateway _gateway = null!;

    public static TheoryData<string, string, bool> Cells => EveryProtocolPair();

    public async Task InitializeAsync()
    {
        _mock = await MockUpstreamServer.StartAsync();
        _gateway = await TestGateway.StartAsync(EveryProtocol(_mock));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _mock.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Text_ReachesTheClient_InItsOwnProtocol(string client, string upstream, bool stream)
    {
        using var response = await _gateway.Client.SendAsync(Request(client, "to-" + upstream, "matrix hello", stream, tool: null));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(stream ? "text/event-stream" : "application/json", response.Content.Headers.ContentType?.MediaType);
        var answer = ClientAnswer.Read(client, body, stream);
        Assert.Contains("mock: matrix hello", answer.Text, StringComparison.Ordinal);
        Assert.Equal(PathOf(upstream), _mock.LastRequest!.Path);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task AToolCall_ReachesTheClient_AsItsOwnToolCall(string client, string upstream, bool stream)
    {
        using var response = await _gateway.Client.SendAsync(Request(client, "to-" + upstream, "weather please [[tool:get_weather]]", stream, tool: "get_weather"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        var answer = ClientAnswer.Read(client, body, stream);
        var call = Assert.Single(answer.ToolCalls);
        Assert.Equal("get_weather", call.Name);
        Assert.False(string.IsNullOrEmpty(call.Id));
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(call.Arguments).RootElement.ValueKind);
        Assert.Equal(client == "anthropic" ? "tool_use" : client == "chat" ? "tool_calls" : "completed", answer.Stop);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task AToolResult_GoesBackUpstream_AsTheUpstreamsOwnToolResult(string client, string upstream, bool stream)
    {
        using var response = await _gateway.Client.SendAsync(ToolResultRequest(client, "to-" + upstream, stream));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Contains("mock: tool result received: sunny, 21 C", ClientAnswer.Read(client, body, stream).Text, StringComparison.Ordinal);
    }

    private static HttpRequestMessage ToolResultRequest(string client, string model, bool stream)
    {
        const string Call = "call_weather_1";
        JsonObject body;
        string path;
        switch (client)
        {
            case "anthropic":
                path = "/v1/messages";
                body = new JsonObject
                {
                    ["model"] = model,
                    ["max_tokens"] = 512,
                    ["stream"] = stream,
                    ["messages"] = new JsonArray(
                        new JsonObject { ["role"] = "user", ["content"] = "weather?" },
                        new JsonObject { ["role"] = "assistant", ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_use", ["id"] = Call, ["name"] = "get_weather", ["input"] = new JsonObject { ["city"] = "Oslo" } }) },
                        new JsonObject { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = Call, ["content"] = "sunny, 21 C" }) }),
                };
                break;
            case "chat":
                path = "/v1/chat/completions";
                body = new JsonObject
                {
                    ["model"] = model,
                    ["stream"] = stream,
                    ["messages"] = new JsonArray(
                        new JsonObject { ["role"] = "user", ["content"] = "weather?" },
                        new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = new JsonArray(new JsonObject { ["id"] = Call, ["type"] = "function", ["function"] = new JsonObject { ["name"] = "get_weather", ["arguments"] = "{\"city\":\"Oslo\"}" } }) },
                        new JsonObject { ["role"] = "tool", ["tool_call_id"] = Call, ["content"] = "sunny, 21 C" }),
                };
                break;
            default:
                path = "/v1/responses";
                body = new JsonObject
                {
                    ["model"] = model,
                    ["stream"] = stream,
                    ["input"] = new JsonArray(
                        new JsonObject { ["role"] = "user", ["content"] = "weather?" },
                        new JsonObject { ["type"] = "function_call", ["call_id"] = Call, ["name"] = "get_weather", ["arguments"] = "{\"city\":\"Oslo\"}" },
                        new JsonObject { ["type"] = "function_call_output", ["call_id"] = Call, ["output"] = "sunny, 21 C" }),
                };
                break;
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["city"] = new JsonObject { ["type"] = "string" } } };
        body["tools"] = client switch
        {
            "anthropic" => new JsonArray(new JsonObject { ["name"] = "get_weather", ["input_schema"] = schema }),
            "chat" => new JsonArray(new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = "get_weather", ["parameters"] = schema } }),
            _ => new JsonArray(new JsonObject { ["type"] = "function", ["name"] = "get_weather", ["parameters"] = schema }),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("anthropic-version", "2023-06-01");
        return request;
    }

    private static string PathOf(string upstream) => upstream switch
    {
        "anthropic" => "/v1/messages",
        "chat" => "/v1/chat/completions",
        _ => "/v1/responses",
    };

    private static HttpRequestMessage Request(string client, string model, string text, bool stream, string? tool)
    {
        var schema = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["city"] = new JsonObject { ["type"] = "string" } }, ["required"] = new JsonArray("city") };
        JsonObject body;
        string path;
        switch (client)
        {
            case "anthropic":
                path = "/v1/messages";
                body = new JsonObject { ["model"] = model, ["max_tokens"] = 512, ["stream"] = stream, ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }) };
                if (tool is not null)
                {
                    body["tools"] = new JsonArray(new JsonObject { ["name"] = tool, ["description"] = "d", ["input_schema"] = schema });
                }

                break;
            case "chat":
                path = "/v1/chat/completions";
                body = new JsonObject { ["model"] = model, ["stream"] = stream, ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }) };
                if (tool is not null)
                {
                    body["tools"] = new JsonArray(new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = tool, ["description"] = "d", ["parameters"] = schema } });
                }

                break;
            default:
                path = "/v1/responses";
                body = new JsonObject { ["model"] = model, ["stream"] = stream, ["input"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text }) };
                if (tool is not null)
                {
                    body["tools"] = new JsonArray(new JsonObject { ["type"] = "function", ["name"] = tool, ["description"] = "d", ["parameters"] = schema });
                }

                break;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("anthropic-version", "2023-06-01");
        return request;
    }
}
