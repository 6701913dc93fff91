using System.Buffers;
using System.Text.Json;
using FlowGate.Routing.Protocols.Answers;

namespace FlowGate.Routing.Protocols.Streams;

/// <summary>
/// Writes OpenAI Responses SSE as Codex reads it: <c>response.created</c> and
/// <c>response.in_progress</c>; per text run <c>output_item.added(message)</c> → <c>content_part.added</c> →
/// <c>output_text.delta</c>* → <c>output_text.done</c> → <c>content_part.done</c> → <c>output_item.done</c>; per
/// reasoning run an item with a summary part and <c>encrypted_content</c> (from the thinking signature); per tool call
/// <c>output_item.added(function_call, arguments "")</c> → <c>function_call_arguments.delta</c>* → <c>.done</c> →
/// <c>output_item.done</c> with the whole arguments string and <c>call_id</c> (a wrapped Codex <c>custom</c> tool
/// becomes a <c>custom_tool_call</c> with its raw input, written when its arguments are complete). Every event
/// has <c>type</c> and an increasing <c>sequence_number</c>. The end is always <c>response.completed</c> carrying
/// id, status, every item and usage; a truncated or filtered answer says so with status <c>incomplete</c> and
/// <c>incomplete_details</c> inside it rather than with <c>response.incomplete</c>, which Codex does not handle.
/// An upstream error becomes <c>response.failed</c>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Utf8JsonWriter holds no unmanaged resources (Dispose only flushes); the writer lives as long as its stream.")]
internal sealed class ResponsesStreamEncoder : ClientStreamEncoder
{
    private readonly ArrayBufferWriter<byte> _text = new(1024);
    private readonly ArrayBufferWriter<byte> _signature = new(256);
    private readonly ArrayBufferWriter<byte> _items = new(4096);
    private readonly Utf8JsonWriter _itemWriter;
    private int _sequence;
    private int _nextOutput;
    private int _itemCount;
    private Item _open;
    private string _itemId = string.Empty;
    private bool _summaryOpen;
    private string _callId = string.Empty;
    private string _name = string.Empty;
    private bool _custom;

    public ResponsesStreamEncoder(TranslationContext context)
        : base(context)
    {
        _items.Write("["u8);
        _itemWriter = new Utf8JsonWriter(_items, AnswerJson.WriterOptions);
    }

    private enum Item
    {
        None,
        Message,
        Reasoning,
        Tool,
    }

    private string ResponseId => AnswerIds.Responses(IdBase);

    protected override void WriteStart()
    {
        foreach (var type in (ReadOnlySpan<string>)["response.created", "response.in_progress"])
        {
            var w = Begin(System.Text.Encoding.UTF8.GetBytes(type));
            w.WritePropertyName("response"u8);
            ResponsesAnswers.WriteResponseHead(w, ResponseId, Created, null, Model);
            w.WriteStartArray("output"u8);
            w.WriteEndArray();
            w.WriteNull("usage"u8);
            w.WriteEndObject();
            End(w);
        }
    }

    protected override void OnContent(in StreamEvent e)
    {
        switch (e.Kind)
        {
            case StreamEventKind.TextDelta:
                OpenMessage();
                _text.Write(e.Data);
                var w = Begin("response.output_text.delta"u8);
                ItemRef(w, "content_index"u8);
                w.WriteString("delta"u8, e.Data);
                w.WriteStartArray("logprobs"u8);
                w.WriteEndArray();
                End(w);
                break;
            case StreamEventKind.ThinkingDelta:
                OpenReasoning();
                if (!_summaryOpen)
                {
                    _summaryOpen = true;
                    w = Begin("response.reasoning_summary_part.added"u8);
                    ItemRef(w, "summary_index"u8);
                    SummaryPart(w, []);
                    End(w);
                }

                _text.Write(e.Data);
                w = Begin("response.reasoning_summary_text.delta"u8);
                ItemRef(w, "summary_index"u8);
                w.WriteString("delta"u8, e.Data);
                End(w);
                break;
            case StreamEventKind.SignatureDelta:
                OpenReasoning();
                _signature.Write(e.Data);
                break;
            case StreamEventKind.ToolCallStart:
                CloseBlock();
                (_callId, _name) = OpenTool(e, anthropic: false);
                _custom = ClientTools.IsCustom(Context, _name);
                OpenItem(Item.Tool, _custom ? "ctc" : "fc");
                w = Begin("response.output_item.added"u8);
                w.WriteNumber("output_index"u8, _nextOutput);
                w.WritePropertyName("item"u8);
                WriteToolItem(w, completed: false);
                End(w);
                break;
            case StreamEventKind.ToolArgumentsDelta:
                if (_open != Item.Tool)
                {
                    break;
                }

                _text.Write(e.Data);
                if (!_custom)
                {
                    w = Begin("response.function_call_arguments.delta"u8);
                    w.WriteString("item_id"u8, _itemId);
                    w.WriteNumber("output_index"u8, _nextOutput);
                    w.WriteString("delta"u8, e.Data);
                    End(w);
                }

                break;
            default:
                break;
        }
    }

    protected override void CloseBlock()
    {
        Utf8JsonWriter w;
        switch (_open)
        {
            case Item.Message:
                w = Begin("response.output_text.done"u8);
                ItemRef(w, "content_index"u8);
                w.WriteString("text"u8, _text.WrittenSpan);
                w.WriteStartArray("logprobs"u8);
                w.WriteEndArray();
                End(w);
                w = Begin("response.content_part.done"u8);
                ItemRef(w, "content_index"u8);
                w.WritePropertyName("part"u8);
                OutputText(w, _text.WrittenSpan);
                End(w);
                break;
            case Item.Reasoning:
                if (_summaryOpen)
                {
                    w = Begin("response.reasoning_summary_text.done"u8);
                    ItemRef(w, "summary_index"u8);
                    w.WriteString("text"u8, _text.WrittenSpan);
                    End(w);
                    w = Begin("response.reasoning_summary_part.done"u8);
                    ItemRef(w, "summary_index"u8);
                    SummaryPart(w, _text.WrittenSpan);
                    End(w);
                }

                break;
            case Item.Tool:
                if (_custom)
                {
                    var input = System.Text.Encoding.UTF8.GetBytes(ClientTools.Unwrap(_text.WrittenSpan));
                    _text.ResetWrittenCount();
                    _text.Write(input);
                    w = Begin("response.custom_tool_call_input.delta"u8);
                    w.WriteString("item_id"u8, _itemId);
                    w.WriteNumber("output_index"u8, _nextOutput);
                    w.WriteString("delta"u8, _text.WrittenSpan);
                    End(w);
                    w = Begin("response.custom_tool_call_input.done"u8);
                    w.WriteString("item_id"u8, _itemId);
                    w.WriteNumber("output_index"u8, _nextOutput);
                    w.WriteString("input"u8, _text.WrittenSpan);
                    End(w);
                }
                else
                {
                    w = Begin("response.function_call_arguments.done"u8);
                    w.WriteString("item_id"u8, _itemId);
                    w.WriteNumber("output_index"u8, _nextOutput);
                    w.WriteString("arguments"u8, _text.WrittenSpan);
                    End(w);
                }

                break;
            default:
                return;
        }

        // The complete item: kept for response.completed's output[] and written in output_item.done.
        if (_itemCount++ > 0)
        {
            _items.Write(","u8);
        }

        var start = _items.WrittenCount;
        _itemWriter.Reset(_items);
        WriteCompleteItem(_itemWriter);
        _itemWriter.Flush();
        w = Begin("response.output_item.done"u8);
        w.WriteNumber("output_index"u8, _nextOutput);
        w.WritePropertyName("item"u8);
        w.WriteRawValue(_items.WrittenSpan[start..], skipInputValidation: true);
        End(w);

        _nextOutput++;
        _open = Item.None;
        _text.ResetWrittenCount();
        _signature.ResetWrittenCount();
        _summaryOpen = false;
    }

    protected override void WriteEnd(AnswerStop stop)
    {
        var w = Begin("response.completed"u8);
        w.WritePropertyName("response"u8);
        ResponsesAnswers.WriteResponseHead(w, ResponseId, Created, stop, Model);
        w.WritePropertyName("output"u8);
        _items.Write("]"u8);
        w.WriteRawValue(_items.WrittenSpan, skipInputValidation: true);
        ResponsesAnswers.WriteUsage(w, Usage);
        w.WriteEndObject();
        End(w);
    }

    protected override void WriteError(in Errors.UpstreamError error)
    {
        var w = Begin("response.failed"u8);
        w.WritePropertyName("response"u8);
        w.WriteStartObject();
        w.WriteString("id"u8, ResponseId);
        w.WriteString("object"u8, "response"u8);
        w.WriteNumber("created_at"u8, Created);
        w.WriteString("status"u8, "failed"u8);
        w.WriteStartObject("error"u8);
        w.WriteString("code"u8, error.OpenAICode ?? error.OpenAIType);
        w.WriteString("message"u8, error.Message);
        w.WriteEndObject();
        w.WriteNull("incomplete_details"u8);
        w.WriteString("model"u8, Model);
        w.WriteStartArray("output"u8);
        w.WriteEndArray();
        w.WriteNull("usage"u8);
        w.WriteEndObject();
        End(w);
    }

    private static void OutputText(Utf8JsonWriter w, ReadOnlySpan<byte> text)
    {
        w.WriteStartObject();
        w.WriteString("type"u8, "output_text"u8);
        w.WriteString("text"u8, text);
        w.WriteStartArray("annotations"u8);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void SummaryPart(Utf8JsonWriter w, ReadOnlySpan<byte> text)
    {
        w.WritePropertyName("part"u8);
        w.WriteStartObject();
        w.WriteString("type"u8, "summary_text"u8);
        w.WriteString("text"u8, text);
        w.WriteEndObject();
    }

    private void OpenItem(Item kind, string prefix)
    {
        _open = kind;
        _itemId = AnswerIds.Item(prefix, IdBase, _nextOutput);
        _text.ResetWrittenCount();
        _signature.ResetWrittenCount();
        _summaryOpen = false;
    }

    private void OpenMessage()
    {
        if (_open == Item.Message)
        {
            return;
        }

        CloseBlock();
        OpenItem(Item.Message, "msg");
        var w = Begin("response.output_item.added"u8);
        w.WriteNumber("output_index"u8, _nextOutput);
        w.WritePropertyName("item"u8);
        w.WriteStartObject();
        w.WriteString("id"u8, _itemId);
        w.WriteString("type"u8, "message"u8);
        w.WriteString("status"u8, "in_progress"u8);
        w.WriteString("role"u8, "assistant"u8);
        w.WriteStartArray("content"u8);
        w.WriteEndArray();
        w.WriteEndObject();
        End(w);
        w = Begin("response.content_part.added"u8);
        ItemRef(w, "content_index"u8);
        w.WritePropertyName("part"u8);
        OutputText(w, []);
        End(w);
    }

    private void OpenReasoning()
    {
        if (_open == Item.Reasoning)
        {
            return;
        }

        CloseBlock();
        OpenItem(Item.Reasoning, "rs");
        var w = Begin("response.output_item.added"u8);
        w.WriteNumber("output_index"u8, _nextOutput);
        w.WritePropertyName("item"u8);
        w.WriteStartObject();
        w.WriteString("id"u8, _itemId);
        w.WriteString("type"u8, "reasoning"u8);
        w.WriteStartArray("summary"u8);
        w.WriteEndArray();
        w.WriteEndObject();
        End(w);
    }

    private void WriteCompleteItem(Utf8JsonWriter w)
    {
        switch (_open)
        {
            case Item.Message:
                w.WriteStartObject();
                w.WriteString("id"u8, _itemId);
                w.WriteString("type"u8, "message"u8);
                w.WriteString("status"u8, "completed"u8);
                w.WriteString("role"u8, "assistant"u8);
                w.WriteStartArray("content"u8);
                OutputText(w, _text.WrittenSpan);
                w.WriteEndArray();
                w.WriteEndObject();
                break;
            case Item.Reasoning:
                w.WriteStartObject();
                w.WriteString("id"u8, _itemId);
                w.WriteString("type"u8, "reasoning"u8);
                w.WriteStartArray("summary"u8);
                if (_text.WrittenCount > 0)
                {
                    w.WriteStartObject();
                    w.WriteString("type"u8, "summary_text"u8);
                    w.WriteString("text"u8, _text.WrittenSpan);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (_signature.WrittenCount > 0)
                {
                    w.WriteString("encrypted_content"u8, _signature.WrittenSpan);
                }

                w.WriteEndObject();
                break;
            default:
                WriteToolItem(w, completed: true);
                break;
        }
    }

    private void WriteToolItem(Utf8JsonWriter w, bool completed)
    {
        w.WriteStartObject();
        w.WriteString("id"u8, _itemId);
        w.WriteString("type"u8, _custom ? "custom_tool_call"u8 : "function_call"u8);
        w.WriteString("status"u8, completed ? "completed"u8 : "in_progress"u8);
        w.WriteString("call_id"u8, _callId);
        w.WriteString("name"u8, _name);
        w.WriteString(_custom ? "input"u8 : "arguments"u8, completed ? _text.WrittenSpan : []);
        w.WriteEndObject();
    }

    private void ItemRef(Utf8JsonWriter w, ReadOnlySpan<byte> indexName)
    {
        w.WriteString("item_id"u8, _itemId);
        w.WriteNumber("output_index"u8, _nextOutput);
        w.WriteNumber(indexName, 0);
    }

    private Utf8JsonWriter Begin(ReadOnlySpan<byte> type)
    {
        var w = Sse.Begin(Output, type);
        w.WriteStartObject();
        w.WriteString("type"u8, type);
        w.WriteNumber("sequence_number"u8, _sequence++);
        return w;
    }

    private void End(Utf8JsonWriter w)
    {
        w.WriteEndObject();
        Sse.End();
    }
}
