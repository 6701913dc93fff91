using System.Buffers;
using System.Text.Json;
using FlowGate.Routing.Protocols.Answers;

namespace FlowGate.Routing.Protocols.Streams;

/// <summary>
/// Writes Anthropic Messages SSE: <c>message_start</c> first (input usage as known then),
/// blocks opened lazily per kind with indices from 0 and never interleaved (the open block is closed before another
/// opens), a thinking block's <c>signature_delta</c> just before its stop, tool ids sanitised to
/// <c>^[a-zA-Z0-9_-]+$</c> and empty names replaced, then one <c>message_delta</c> (stop reason, cumulative usage)
/// and one <c>message_stop</c> — held until the upstream's end (or its final usage), so the final usage is in it.
/// </summary>
internal sealed class AnthropicStreamEncoder(TranslationContext context) : ClientStreamEncoder(context)
{
    private readonly ArrayBufferWriter<byte> _signature = new(256);
    private Block _open;
    private int _index;

    private enum Block
    {
        None,
        Text,
        Thinking,
        Tool,
    }

    protected override void WriteStart()
    {
        var w = Sse.Begin(Output, "message_start"u8);
        w.WriteStartObject();
        w.WriteString("type"u8, "message_start"u8);
        w.WriteStartObject("message"u8);
        w.WriteString("id"u8, AnswerIds.Anthropic(IdBase));
        w.WriteString("type"u8, "message"u8);
        w.WriteString("role"u8, "assistant"u8);
        w.WriteString("model"u8, Model);
        w.WriteStartArray("content"u8);
        w.WriteEndArray();
        w.WriteNull("stop_reason"u8);
        w.WriteNull("stop_sequence"u8);
        AnthropicAnswers.WriteUsage(w, Usage);
        w.WriteEndObject();
        w.WriteEndObject();
        Sse.End();
    }

    protected override void OnContent(in StreamEvent e)
    {
        switch (e.Kind)
        {
            case StreamEventKind.TextDelta:
                Open(Block.Text);
                Delta("text_delta"u8, "text"u8, e.Data);
                break;
            case StreamEventKind.ThinkingDelta:
                Open(Block.Thinking);
                Delta("thinking_delta"u8, "thinking"u8, e.Data);
                break;
            case StreamEventKind.SignatureDelta:
                Open(Block.Thinking);
                _signature.Write(e.Data);
                break;
            case StreamEventKind.ToolCallStart:
                CloseBlock();
                var (id, name) = OpenTool(e, anthropic: true);
                var w = StartBlock();
                w.WriteString("type"u8, "tool_use"u8);
                w.WriteString("id"u8, id);
                w.WriteString("name"u8, name);
                w.WriteStartObject("input"u8);
                w.WriteEndObject();
                EndBlockStart(w);
                _open = Block.Tool;
                break;
            case StreamEventKind.ToolArgumentsDelta:
                if (_open == Block.Tool)
                {
                    Delta("input_json_delta"u8, "partial_json"u8, e.Data);
                }

                break;
            default:
                break;
        }
    }

    protected override void CloseBlock()
    {
        if (_open == Block.None)
        {
            return;
        }

        if (_open == Block.Thinking && _signature.WrittenCount > 0)
        {
            Delta("signature_delta"u8, "signature"u8, _signature.WrittenSpan);
            _signature.ResetWrittenCount();
        }

        var w = Sse.Begin(Output, "content_block_stop"u8);
        w.WriteStartObject();
        w.WriteString("type"u8, "content_block_stop"u8);
        w.WriteNumber("index"u8, _index);
        w.WriteEndObject();
        Sse.End();
        _index++;
        _open = Block.None;
    }

    protected override void WriteEnd(AnswerStop stop)
    {
        var w = Sse.Begin(Output, "message_delta"u8);
        w.WriteStartObject();
        w.WriteString("type"u8, "message_delta"u8);
        w.WriteStartObject("delta"u8);
        w.WriteString("stop_reason"u8, AnswerStops.ToAnthropic(stop));
        w.WriteNull("stop_sequence"u8);
        w.WriteEndObject();
        AnthropicAnswers.WriteUsage(w, Usage);
        w.WriteEndObject();
        Sse.End();
        SseWriter.Raw(Output, "message_stop"u8, """{"type":"message_stop"}"""u8);
    }

    protected override void WriteError(in Errors.UpstreamError error)
    {
        var w = Sse.Begin(Output, "error"u8);
        Errors.ErrorMapping.WriteAnthropic(w, error);
        Sse.End();
    }

    private void Open(Block kind)
    {
        if (_open == kind)
        {
            return;
        }

        CloseBlock();
        var w = StartBlock();
        if (kind == Block.Text)
        {
            w.WriteString("type"u8, "text"u8);
            w.WriteString("text"u8, ""u8);
        }
        else
        {
            w.WriteString("type"u8, "thinking"u8);
            w.WriteString("thinking"u8, ""u8);
            w.WriteString("signature"u8, ""u8);
        }

        EndBlockStart(w);
        _open = kind;
    }

    private Utf8JsonWriter StartBlock()
    {
        var w = Sse.Begin(Output, "content_block_start"u8);
        w.WriteStartObject();
        w.WriteString("type"u8, "content_block_start"u8);
        w.WriteNumber("index"u8, _index);
        w.WriteStartObject("content_block"u8);
        return w;
    }

    private void EndBlockStart(Utf8JsonWriter w)
    {
        w.WriteEndObject();
        w.WriteEndObject();
        Sse.End();
    }

    private void Delta(ReadOnlySpan<byte> type, ReadOnlySpan<byte> field, ReadOnlySpan<byte> value)
    {
        var w = Sse.Begin(Output, "content_block_delta"u8);
        w.WriteStartObject();
        w.WriteString("type"u8, "content_block_delta"u8);
        w.WriteNumber("index"u8, _index);
        w.WriteStartObject("delta"u8);
        w.WriteString("type"u8, type);
        w.WriteString(field, value);
        w.WriteEndObject();
        w.WriteEndObject();
        Sse.End();
    }
}
