using System.Text.Json;
using FlowGate.Routing.Protocols.Answers;

namespace FlowGate.Routing.Protocols.Streams;

/// <summary>
/// Writes OpenAI Chat chunks: <c>chat.completion.chunk</c> objects with the derived id, the
/// upstream's <c>created</c> (0 when it gave none) and the client's model; the role on the first delta; text as
/// <c>content</c>, thinking as <c>reasoning_content</c> (signatures have no place and are dropped); tool calls by
/// <c>index</c> (id, type and name first, then argument fragments); at the end one chunk with the
/// <c>finish_reason</c>, a usage chunk with <c>choices: []</c> when usage is known and the client asked for it, and <c>data: [DONE]</c>. An
/// upstream error becomes one <c>data: {"error":…}</c> and no <c>[DONE]</c>.
/// </summary>
internal sealed class ChatStreamEncoder(TranslationContext context) : ClientStreamEncoder(context)
{
    private bool _inTool;

    private string ChunkId => AnswerIds.Chat(IdBase);

    protected override void WriteStart()
    {
        var w = BeginChunk();
        w.WriteString("role"u8, "assistant"u8);
        w.WriteString("content"u8, ""u8);
        EndChunk(w, null);
    }

    protected override void OnContent(in StreamEvent e)
    {
        Utf8JsonWriter w;
        switch (e.Kind)
        {
            case StreamEventKind.TextDelta:
                _inTool = false;
                w = BeginChunk();
                w.WriteString("content"u8, e.Data);
                EndChunk(w, null);
                break;
            case StreamEventKind.ThinkingDelta:
                _inTool = false;
                w = BeginChunk();
                w.WriteString("reasoning_content"u8, e.Data);
                EndChunk(w, null);
                break;
            case StreamEventKind.ToolCallStart:
                var (id, name) = OpenTool(e, anthropic: false);
                _inTool = true;
                w = BeginChunk();
                w.WriteStartArray("tool_calls"u8);
                w.WriteStartObject();
                w.WriteNumber("index"u8, ToolCount - 1);
                w.WriteString("id"u8, id);
                w.WriteString("type"u8, "function"u8);
                w.WriteStartObject("function"u8);
                w.WriteString("name"u8, name);
                w.WriteString("arguments"u8, ""u8);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndArray();
                EndChunk(w, null);
                break;
            case StreamEventKind.ToolArgumentsDelta:
                if (!_inTool)
                {
                    break;
                }

                w = BeginChunk();
                w.WriteStartArray("tool_calls"u8);
                w.WriteStartObject();
                w.WriteNumber("index"u8, ToolCount - 1);
                w.WriteStartObject("function"u8);
                w.WriteString("arguments"u8, e.Data);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndArray();
                EndChunk(w, null);
                break;
            case StreamEventKind.Usage:
                break;
            default:
                break;
        }
    }

    protected override void CloseBlock() => _inTool = false;

    protected override void WriteEnd(AnswerStop stop)
    {
        var w = BeginChunk();
        EndChunk(w, AnswerStops.ToChat(stop));
        if (HasUsage && Context.IncludeUsage)
        {
            w = Sse.Begin(Output, default);
            WriteHeader(w);
            w.WriteStartArray("choices"u8);
            w.WriteEndArray();
            ChatAnswers.WriteUsage(w, Usage);
            w.WriteEndObject();
            Sse.End();
        }

        SseWriter.Raw(Output, default, "[DONE]"u8);
    }

    protected override void WriteError(in Errors.UpstreamError error)
    {
        var w = Sse.Begin(Output, default);
        Errors.ErrorMapping.WriteOpenAI(w, error);
        Sse.End();
    }

    private void WriteHeader(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("id"u8, ChunkId);
        w.WriteString("object"u8, "chat.completion.chunk"u8);
        w.WriteNumber("created"u8, Created);
        w.WriteString("model"u8, Model);
    }

    private Utf8JsonWriter BeginChunk()
    {
        var w = Sse.Begin(Output, default);
        WriteHeader(w);
        w.WriteStartArray("choices"u8);
        w.WriteStartObject();
        w.WriteNumber("index"u8, 0);
        w.WriteStartObject("delta"u8);
        return w;
    }

    private void EndChunk(Utf8JsonWriter w, string? finishReason)
    {
        w.WriteEndObject();
        if (finishReason is null)
        {
            w.WriteNull("finish_reason"u8);
        }
        else
        {
            w.WriteString("finish_reason"u8, finishReason);
        }

        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        Sse.End();
    }
}
