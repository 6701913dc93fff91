using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowGate.Routing.Protocols;
using FlowGate.Routing.Protocols.Answers;
using FlowGate.Routing.Protocols.Streams;

namespace FlowGate.Routing.Tests.Protocols;

/// <summary>One SSE event as a client reads it.</summary>
internal sealed record SseEvent(string Event, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}

/// <summary>An answer as a client would re-assemble it: comparable across whole bodies and streams.</summary>
internal sealed record Assembled(string Id, IReadOnlyList<string> Parts, string Stop, string Usage)
{
    public override string ToString() => $"{Id} [{string.Join(", ", Parts)}] {Stop} {Usage}";

    public bool Equals(Assembled? other) =>
        other is not null && Id == other.Id && Parts.SequenceEqual(other.Parts) && Stop == other.Stop && Usage == other.Usage;

    public override int GetHashCode() => HashCode.Combine(Id, Parts.Count, Stop, Usage);
}

/// <summary>Test-side SSE parsing, client re-assemblers (with each client's invariants asserted) and stream feeding.</summary>
internal static class StreamHarness
{
    /// <summary>The host's clock (Unix seconds) stamped on every context, as the gateway does; no fixture upstream uses it.</summary>
    public const long Now = 1_780_000_000;

    public static TranslationContext Context(ClientProtocol upstream, ClientProtocol client, bool stream = true, IReadOnlyDictionary<string, string>? names = null, IReadOnlySet<string>? wrapped = null) => new()
    {
        Client = client,
        Upstream = upstream,
        Model = "client-model",
        Stream = stream,
        ToolNames = names ?? new Dictionary<string, string>(StringComparer.Ordinal),
        WrappedTools = wrapped ?? new HashSet<string>(StringComparer.Ordinal),
        CreatedAt = Now,
    };

    /// <summary>Feeds <paramref name="upstream"/> in chunks cut at <paramref name="cuts"/> and completes.</summary>
    public static byte[] Translate(TranslationContext context, byte[] upstream, IEnumerable<int>? cuts = null, bool complete = true)
    {
        var translator = ProtocolTranslator.CreateStreamTranslator(context);
        var output = new ArrayBufferWriter<byte>();
        var last = 0;
        foreach (var cut in (cuts ?? []).Where(c => c > 0 && c < upstream.Length).Distinct().Order())
        {
            translator.Write(upstream.AsSpan(last, cut - last), output);
            last = cut;
        }

        translator.Write(upstream.AsSpan(last), output);
        if (complete)
        {
            translator.Complete(output);
        }

        return output.WrittenSpan.ToArray();
    }

    public static (byte[] Output, bool Ended) TranslateWithEnd(TranslationContext context, byte[] upstream)
    {
        var translator = ProtocolTranslator.CreateStreamTranslator(context);
        var output = new ArrayBufferWriter<byte>();
        translator.Write(upstream, output);
        translator.Complete(output);
        return (output.WrittenSpan.ToArray(), translator.UpstreamEnded);
    }

    public static List<SseEvent> Parse(byte[] sse)
    {
        var events = new List<SseEvent>();
        var text = Encoding.UTF8.GetString(sse);
        Assert.True(text.Length == 0 || text.EndsWith("\n\n", StringComparison.Ordinal), "the stream ends with a complete event");
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var name = string.Empty;
            var data = new StringBuilder();
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Append(line[6..]);
                }
                else
                {
                    Assert.Fail($"unexpected SSE line: {line}");
                }
            }

            events.Add(new SseEvent(name, data.ToString()));
        }

        return events;
    }

    /// <summary>Re-assembles a stream of the client protocol by its rules, asserting its invariants.</summary>
    public static Assembled Stream(ClientProtocol client, byte[] sse) => client switch
    {
        ClientProtocol.AnthropicMessages => AnthropicStream(Parse(sse)),
        ClientProtocol.OpenAIChat => ChatStream(Parse(sse)),
        _ => ResponsesStream(Parse(sse)),
    };

    public static Assembled Body(ClientProtocol client, byte[] body)
    {
        var root = JsonDocument.Parse(body).RootElement;
        return client switch
        {
            ClientProtocol.AnthropicMessages => AnthropicBody(root),
            ClientProtocol.OpenAIChat => ChatBody(root),
            _ => ResponsesBody(root),
        };
    }

    public static string Args(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return "{}";
        }

        try
        {
            return JsonNode.Parse(json)!.ToJsonString();
        }
        catch (JsonException)
        {
            return "invalid:" + json;
        }
    }

    private static Assembled AnthropicStream(List<SseEvent> events)
    {
        Assert.NotEmpty(events);
        Assert.Equal("message_start", events[0].Event);
        var start = events[0].Json.GetProperty("message");
        var blocks = new List<(string Type, StringBuilder Text, StringBuilder Extra, string Id, string Name)>();
        var open = -1;
        string? stop = null;
        JsonElement usage = default;
        var stops = 0;
        foreach (var e in events.Skip(1))
        {
            var json = e.Json;
            Assert.Equal(e.Event, json.GetProperty("type").GetString());
            Assert.True(stops == 0, "nothing after message_stop");
            switch (e.Event)
            {
                case "content_block_start":
                    Assert.Equal(-1, open);
                    var index = json.GetProperty("index").GetInt32();
                    Assert.Equal(blocks.Count, index);
                    var block = json.GetProperty("content_block");
                    var id = block.TryGetProperty("id", out var i) ? i.GetString()! : string.Empty;
                    if (id.Length > 0)
                    {
                        Assert.Matches("^[a-zA-Z0-9_-]+$", id);
                        Assert.NotEqual(string.Empty, block.GetProperty("name").GetString());
                    }

                    blocks.Add((block.GetProperty("type").GetString()!, new(), new(), id, block.TryGetProperty("name", out var n) ? n.GetString()! : string.Empty));
                    open = index;
                    break;
                case "content_block_delta":
                    Assert.Equal(open, json.GetProperty("index").GetInt32());
                    var delta = json.GetProperty("delta");
                    var b = blocks[open];
                    switch (delta.GetProperty("type").GetString())
                    {
                        case "text_delta":
                            Assert.Equal("text", b.Type);
                            b.Text.Append(delta.GetProperty("text").GetString());
                            break;
                        case "thinking_delta":
                            Assert.Equal("thinking", b.Type);
                            Assert.Equal(0, b.Extra.Length);
                            b.Text.Append(delta.GetProperty("thinking").GetString());
                            break;
                        case "signature_delta":
                            Assert.Equal("thinking", b.Type);
                            b.Extra.Append(delta.GetProperty("signature").GetString());
                            break;
                        case "input_json_delta":
                            Assert.Equal("tool_use", b.Type);
                            b.Text.Append(delta.GetProperty("partial_json").GetString());
                            break;
                        default:
                            Assert.Fail("unknown delta");
                            break;
                    }

                    break;
                case "content_block_stop":
                    Assert.Equal(open, json.GetProperty("index").GetInt32());
                    open = -1;
                    break;
                case "message_delta":
                    Assert.Equal(-1, open);
                    Assert.Null(stop);
                    stop = json.GetProperty("delta").GetProperty("stop_reason").GetString();
                    usage = json.GetProperty("usage");
                    break;
                case "message_stop":
                    Assert.NotNull(stop);
                    stops++;
                    break;
                case "ping":
                    break;
                default:
                    Assert.Fail($"unexpected event {e.Event}");
                    break;
            }
        }

        Assert.Equal(1, stops);
        var parts = blocks.Select(b => b.Type switch
        {
            "text" => "text:" + b.Text,
            "thinking" => $"thinking:{b.Text}|{b.Extra}",
            _ => $"tool:{b.Id}|{b.Name}|{Args(b.Text.ToString())}",
        }).ToList();
        Assert.True(stop != "tool_use" || blocks.Any(b => b.Type == "tool_use"), "tool_use only with a tool block");
        return new Assembled(start.GetProperty("id").GetString()!, parts, stop!, AnthropicUsage(usage));
    }

    private static Assembled AnthropicBody(JsonElement root)
    {
        var parts = new List<string>();
        foreach (var block in root.GetProperty("content").EnumerateArray())
        {
            parts.Add(block.GetProperty("type").GetString() switch
            {
                "text" => "text:" + block.GetProperty("text").GetString(),
                "thinking" => $"thinking:{block.GetProperty("thinking").GetString()}|{block.GetProperty("signature").GetString()}",
                _ => $"tool:{block.GetProperty("id").GetString()}|{block.GetProperty("name").GetString()}|{Args(block.GetProperty("input").GetRawText())}",
            });
        }

        return new Assembled(root.GetProperty("id").GetString()!, parts, root.GetProperty("stop_reason").GetString()!, AnthropicUsage(root.GetProperty("usage")));
    }

    private static string AnthropicUsage(JsonElement u) =>
        $"in={u.GetProperty("input_tokens")},out={u.GetProperty("output_tokens")},cr={u.GetProperty("cache_read_input_tokens")},cw={u.GetProperty("cache_creation_input_tokens")}";

    private static Assembled ResponsesStream(List<SseEvent> events)
    {
        Assert.NotEmpty(events);
        Assert.Equal("response.created", events[0].Json.GetProperty("type").GetString());
        var sequence = -1;
        var items = new SortedDictionary<int, JsonElement>();
        JsonElement completed = default;
        var finals = 0;
        foreach (var e in events)
        {
            var json = e.Json;
            var type = json.GetProperty("type").GetString()!;
            var seq = json.GetProperty("sequence_number").GetInt32();
            Assert.True(seq > sequence, "sequence numbers increase");
            sequence = seq;
            Assert.True(finals == 0, "nothing after response.completed");
            switch (type)
            {
                case "response.output_item.done":
                    var index = json.GetProperty("output_index").GetInt32();
                    Assert.Equal(items.Count, index);
                    var item = json.GetProperty("item");
                    if (item.GetProperty("type").GetString() == "function_call")
                    {
                        Assert.Equal(JsonValueKind.String, item.GetProperty("arguments").ValueKind);
                        Assert.NotEqual(string.Empty, item.GetProperty("call_id").GetString());
                    }

                    items[index] = item;
                    break;
                case "response.completed":
                    completed = json.GetProperty("response");
                    finals++;
                    break;
                case "response.incomplete" or "response.failed":
                    Assert.Fail("Codex expects response.completed");
                    break;
                default:
                    break;
            }
        }

        Assert.Equal(1, finals);
        Assert.StartsWith("resp_", completed.GetProperty("id").GetString(), StringComparison.Ordinal);
        var usage = completed.GetProperty("usage");
        foreach (var field in (string[])["input_tokens", "output_tokens", "total_tokens"])
        {
            Assert.Equal(JsonValueKind.Number, usage.GetProperty(field).ValueKind);
        }

        // output[] of response.completed carries the same items as the output_item.done events.
        var output = completed.GetProperty("output").EnumerateArray().Select(i => i.GetRawText()).ToList();
        Assert.Equal(items.Values.Select(i => i.GetRawText()).ToList(), output);
        return ResponsesAssembled(completed, items.Values);
    }

    private static Assembled ResponsesBody(JsonElement root) => ResponsesAssembled(root, root.GetProperty("output").EnumerateArray());

    private static Assembled ResponsesAssembled(JsonElement response, IEnumerable<JsonElement> items)
    {
        var parts = new List<string>();
        foreach (var item in items)
        {
            var id = item.GetProperty("id").GetString();
            parts.Add(item.GetProperty("type").GetString() switch
            {
                "message" => $"text:{string.Concat(item.GetProperty("content").EnumerateArray().Select(c => c.TryGetProperty("text", out var t) ? t.GetString() : c.GetProperty("refusal").GetString()))}#{id}",
                "reasoning" => $"thinking:{string.Concat(item.GetProperty("summary").EnumerateArray().Select(s => s.GetProperty("text").GetString()))}|{(item.TryGetProperty("encrypted_content", out var ec) ? ec.GetString() : string.Empty)}#{id}",
                "custom_tool_call" => $"custom:{item.GetProperty("call_id").GetString()}|{item.GetProperty("name").GetString()}|{item.GetProperty("input").GetString()}#{id}",
                _ => $"tool:{item.GetProperty("call_id").GetString()}|{item.GetProperty("name").GetString()}|{Args(item.GetProperty("arguments").GetString()!)}#{id}",
            });
        }

        var status = response.GetProperty("status").GetString();
        var reason = response.TryGetProperty("incomplete_details", out var d) && d.ValueKind == JsonValueKind.Object ? d.GetProperty("reason").GetString() : null;
        var u = response.GetProperty("usage");
        return new Assembled(
            response.GetProperty("id").GetString()!,
            parts,
            reason is null ? status! : $"{status}/{reason}",
            $"in={u.GetProperty("input_tokens")},cached={u.GetProperty("input_tokens_details").GetProperty("cached_tokens")},out={u.GetProperty("output_tokens")},reasoning={u.GetProperty("output_tokens_details").GetProperty("reasoning_tokens")},total={u.GetProperty("total_tokens")}");
    }

    private static Assembled ChatStream(List<SseEvent> events)
    {
        Assert.NotEmpty(events);
        Assert.Equal("[DONE]", events[^1].Data);
        Assert.Single(events, e => e.Data == "[DONE]");
        string? id = null;
        var text = new StringBuilder();
        var thinking = new StringBuilder();
        var tools = new SortedDictionary<int, (string Id, string Name, StringBuilder Args)>();
        string? finish = null;
        var usage = "none";
        var first = true;
        foreach (var e in events.SkipLast(1))
        {
            var json = e.Json;
            Assert.Equal("chat.completion.chunk", json.GetProperty("object").GetString());
            id ??= json.GetProperty("id").GetString();
            Assert.Equal(id, json.GetProperty("id").GetString());
            if (json.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object)
            {
                usage = ChatUsage(u);
            }

            foreach (var choice in json.GetProperty("choices").EnumerateArray())
            {
                var delta = choice.GetProperty("delta");
                if (first)
                {
                    Assert.Equal("assistant", delta.GetProperty("role").GetString());
                    first = false;
                }

                if (delta.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String)
                {
                    text.Append(c.GetString());
                }

                if (delta.TryGetProperty("reasoning_content", out var r))
                {
                    thinking.Append(r.GetString());
                }

                if (delta.TryGetProperty("tool_calls", out var calls))
                {
                    foreach (var call in calls.EnumerateArray())
                    {
                        var index = call.GetProperty("index").GetInt32();
                        var function = call.GetProperty("function");
                        if (!tools.TryGetValue(index, out var t))
                        {
                            Assert.Equal(tools.Count, index);
                            t = (call.GetProperty("id").GetString()!, function.GetProperty("name").GetString()!, new StringBuilder());
                            tools[index] = t;
                        }

                        if (function.TryGetProperty("arguments", out var a))
                        {
                            t.Args.Append(a.GetString());
                        }
                    }
                }

                if (choice.GetProperty("finish_reason").ValueKind == JsonValueKind.String)
                {
                    Assert.Null(finish);
                    finish = choice.GetProperty("finish_reason").GetString();
                }
            }
        }

        return ChatAssembled(id!, thinking.ToString(), text.ToString(), tools.Values.Select(t => (t.Id, t.Name, t.Args.ToString())), finish!, usage);
    }

    private static Assembled ChatBody(JsonElement root)
    {
        var choice = root.GetProperty("choices")[0];
        var message = choice.GetProperty("message");
        var tools = message.TryGetProperty("tool_calls", out var calls)
            ? calls.EnumerateArray().Select(c => (c.GetProperty("id").GetString()!, c.GetProperty("function").GetProperty("name").GetString()!, c.GetProperty("function").GetProperty("arguments").GetString()!)).ToList()
            : [];
        return ChatAssembled(
            root.GetProperty("id").GetString()!,
            message.TryGetProperty("reasoning_content", out var r) ? r.GetString()! : string.Empty,
            message.GetProperty("content").ValueKind == JsonValueKind.String ? message.GetProperty("content").GetString()! : string.Empty,
            tools,
            choice.GetProperty("finish_reason").GetString()!,
            ChatUsage(root.GetProperty("usage")));
    }

    private static Assembled ChatAssembled(string id, string thinking, string text, IEnumerable<(string Id, string Name, string Args)> tools, string finish, string usage)
    {
        var parts = new List<string>();
        if (thinking.Length > 0)
        {
            parts.Add("thinking:" + thinking);
        }

        if (text.Length > 0)
        {
            parts.Add("text:" + text);
        }

        parts.AddRange(tools.Select(t => $"tool:{t.Id}|{t.Name}|{Args(t.Args)}"));
        return new Assembled(id, parts, finish, usage);
    }

    private static string ChatUsage(JsonElement u) =>
        $"prompt={u.GetProperty("prompt_tokens")},out={u.GetProperty("completion_tokens")},total={u.GetProperty("total_tokens")},cached={u.GetProperty("prompt_tokens_details").GetProperty("cached_tokens")},reasoning={u.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens")}";

    /// <summary>
    /// Writes an answer as an upstream stream of <paramref name="protocol"/>, by replaying it as stream events into
    /// that protocol's encoder, text and arguments cut into pieces by <paramref name="random"/>.
    /// </summary>
    public static byte[] UpstreamStream(Answer answer, ClientProtocol protocol, Random random)
    {
        var context = Context(protocol, protocol);
        ClientStreamEncoder encoder = protocol switch
        {
            ClientProtocol.AnthropicMessages => new AnthropicStreamEncoder(context with { Model = answer.Model }),
            ClientProtocol.OpenAIChat => new ChatStreamEncoder(context with { Model = answer.Model }),
            _ => new ResponsesStreamEncoder(context with { Model = answer.Model }),
        };
        var output = new ArrayBufferWriter<byte>();
        encoder.Output = output;
        encoder.On(new StreamEvent { Kind = StreamEventKind.MessageStart, Id = answer.Id, Name = answer.Model, Created = answer.Created, Usage = new UsagePatch(answer.Usage.Input, 1, answer.Usage.CacheRead, answer.Usage.CacheWrite, null) });
        var tools = 0;
        foreach (var part in answer.Parts)
        {
            switch (part)
            {
                case TextPart t:
                    Pieces(encoder, StreamEventKind.TextDelta, t.Text, random);
                    break;
                case RefusalPart t:
                    Pieces(encoder, StreamEventKind.TextDelta, t.Text, random);
                    break;
                case ThinkingPart t:
                    Pieces(encoder, StreamEventKind.ThinkingDelta, t.Text, random);
                    Pieces(encoder, StreamEventKind.SignatureDelta, t.Signature, random);
                    break;
                case ToolCallPart t:
                    encoder.On(new StreamEvent { Kind = StreamEventKind.ToolCallStart, Index = tools++, Id = t.Id, Name = t.Name });
                    Pieces(encoder, StreamEventKind.ToolArgumentsDelta, t.Arguments, random);
                    break;
                default:
                    break;
            }

            encoder.On(new StreamEvent { Kind = StreamEventKind.BlockEnd });
        }

        var u = answer.Usage;
        encoder.On(new StreamEvent { Kind = StreamEventKind.Finish, Stop = answer.Stop });
        encoder.On(new StreamEvent { Kind = StreamEventKind.Usage, Usage = new UsagePatch(u.Input, u.Output, u.CacheRead, u.CacheWrite, u.Reasoning) });
        encoder.On(new StreamEvent { Kind = StreamEventKind.End });
        return output.WrittenSpan.ToArray();
    }

    private static void Pieces(ClientStreamEncoder encoder, StreamEventKind kind, string text, Random random)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var start = 0;
        while (start < bytes.Length)
        {
            // Cut at character boundaries: a delta is always whole UTF-8.
            var end = Math.Min(bytes.Length, start + random.Next(1, 8));
            while (end < bytes.Length && (bytes[end] & 0xC0) == 0x80)
            {
                end++;
            }

            encoder.On(new StreamEvent { Kind = kind, Data = bytes.AsSpan(start, end - start) });
            start = end;
        }
    }
}
