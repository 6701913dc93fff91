using System.Buffers;
using System.Text.Json;
using FlowGate.Routing.Protocols.Answers;

namespace FlowGate.Routing.Protocols.Streams;

/// <summary>
/// OpenAI Responses SSE to stream events. Like Codex, it reads the data's <c>type</c> (the
/// <c>event:</c> line only when <c>type</c> is missing), skips unknown types and unparseable events, and ignores
/// <c>sequence_number</c>. Items are taken from their deltas; an item that arrives only as
/// <c>output_item.done</c> (no deltas) is taken whole from it, and <c>function_call</c> arguments given as an
/// object instead of a string are kept as their JSON text. Ends at <c>response.completed</c>,
/// <c>response.incomplete</c>, <c>response.failed</c> or <c>error</c>.
/// </summary>
internal sealed class ResponsesStreamDecoder : IStreamDecoder
{
    private readonly JsonScratch _scratch = new();
    private readonly ArrayBufferWriter<byte> _join = new(256);
    private bool _started;
    private bool _inTool;
    private bool _sawDeltas;
    private int _tools;

    public bool Ended { get; private set; }

    public void Decode(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data, IStreamEventSink sink)
    {
        if (Ended)
        {
            return;
        }

        _scratch.Reset();
        _join.ResetWrittenCount();
        Fields f = default;
        try
        {
            Parse(data, ref f);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Unparseable (or invalid escapes): skipped, as Codex skips them.
            return;
        }

        var type = f.Type.IsEmpty ? eventName : f.Type;
        if (type.SequenceEqual("response.output_text.delta"u8) || type.SequenceEqual("response.refusal.delta"u8))
        {
            Delta(StreamEventKind.TextDelta, f.Delta, sink);
        }
        else if (type.SequenceEqual("response.function_call_arguments.delta"u8))
        {
            if (_inTool)
            {
                Delta(StreamEventKind.ToolArgumentsDelta, f.Delta, sink);
            }
        }
        else if (type.SequenceEqual("response.reasoning_summary_text.delta"u8) || type.SequenceEqual("response.reasoning_text.delta"u8))
        {
            Delta(StreamEventKind.ThinkingDelta, f.Delta, sink);
        }
        else if (type.SequenceEqual("response.function_call_arguments.done"u8))
        {
            if (_inTool && !_sawDeltas)
            {
                Delta(StreamEventKind.ToolArgumentsDelta, f.Arguments, sink);
            }
        }
        else if (type.SequenceEqual("response.output_item.added"u8))
        {
            Start(sink, ref f);
            _sawDeltas = false;
            if (f.ItemType.SequenceEqual("function_call"u8))
            {
                StartTool(ref f, sink);
            }
        }
        else if (type.SequenceEqual("response.output_item.done"u8))
        {
            ItemDone(ref f, sink);
        }
        else if (type.SequenceEqual("response.created"u8) || type.SequenceEqual("response.in_progress"u8))
        {
            Start(sink, ref f);
        }
        else if (type.SequenceEqual("response.completed"u8) || type.SequenceEqual("response.incomplete"u8))
        {
            Start(sink, ref f);
            Ended = true;
            if (!f.Usage.IsEmpty)
            {
                sink.On(new StreamEvent { Kind = StreamEventKind.Usage, Usage = f.Usage });
            }

            var status = type.SequenceEqual("response.incomplete"u8) ? "incomplete"u8 : f.Status;
            sink.On(new StreamEvent { Kind = StreamEventKind.Finish, Stop = AnswerStops.FromResponses(status, f.IncompleteReason) });
            sink.On(new StreamEvent { Kind = StreamEventKind.End });
        }
        else if (type.SequenceEqual("response.failed"u8) || type.SequenceEqual("error"u8))
        {
            Ended = true;
            sink.On(new StreamEvent { Kind = StreamEventKind.Error, Id = JsonScratch.String(f.ErrorCode) ?? "server_error", Name = JsonScratch.String(f.ErrorMessage) ?? string.Empty });
        }
    }

    public void Close(IStreamEventSink sink)
    {
    }

    private void Start(IStreamEventSink sink, ref Fields f)
    {
        if (!_started)
        {
            _started = true;
            sink.On(new StreamEvent { Kind = StreamEventKind.MessageStart, Id = JsonScratch.String(f.ResponseId), Name = JsonScratch.String(f.Model), Created = f.Created });
        }
    }

    private void Delta(StreamEventKind kind, ReadOnlySpan<byte> delta, IStreamEventSink sink)
    {
        if (!delta.IsEmpty)
        {
            _sawDeltas = true;
            sink.On(new StreamEvent { Kind = kind, Data = delta });
        }
    }

    private void StartTool(ref Fields f, IStreamEventSink sink)
    {
        _inTool = true;
        sink.On(new StreamEvent { Kind = StreamEventKind.ToolCallStart, Index = _tools++, Id = JsonScratch.String(f.CallId), Name = JsonScratch.String(f.Name) ?? string.Empty });
    }

    private void ItemDone(ref Fields f, IStreamEventSink sink)
    {
        Start(sink, ref f);
        if (f.ItemType.SequenceEqual("message"u8))
        {
            if (!_sawDeltas)
            {
                Delta(StreamEventKind.TextDelta, f.Text, sink);
            }
        }
        else if (f.ItemType.SequenceEqual("reasoning"u8))
        {
            if (!_sawDeltas)
            {
                Delta(StreamEventKind.ThinkingDelta, f.Text, sink);
            }

            if (!f.Encrypted.IsEmpty)
            {
                sink.On(new StreamEvent { Kind = StreamEventKind.SignatureDelta, Data = f.Encrypted });
            }
        }
        else if (f.ItemType.SequenceEqual("function_call"u8))
        {
            if (!_inTool)
            {
                StartTool(ref f, sink);
            }

            if (!_sawDeltas)
            {
                Delta(StreamEventKind.ToolArgumentsDelta, f.Arguments, sink);
            }
        }
        else
        {
            _sawDeltas = false;
            return;
        }

        _inTool = false;
        _sawDeltas = false;
        sink.On(new StreamEvent { Kind = StreamEventKind.BlockEnd });
    }

    private void Parse(ReadOnlySpan<byte> data, ref Fields f)
    {
        var r = new Utf8JsonReader(data, AnswerJson.ReaderOptions);
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
        {
            return;
        }

        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("type"u8))
            {
                _ = r.Read();
                f.Type = _scratch.Text(ref r);
            }
            else if (r.ValueTextEquals("delta"u8))
            {
                _ = r.Read();
                f.Delta = _scratch.Text(ref r);
            }
            else if (r.ValueTextEquals("arguments"u8))
            {
                f.Arguments = Arguments(ref r, data);
            }
            else if (r.ValueTextEquals("item"u8))
            {
                ParseItem(ref r, data, ref f);
            }
            else if (r.ValueTextEquals("response"u8))
            {
                ParseResponse(ref r, ref f);
            }
            else if (r.ValueTextEquals("code"u8))
            {
                _ = r.Read();
                f.ErrorCode = _scratch.Text(ref r);
            }
            else if (r.ValueTextEquals("message"u8))
            {
                _ = r.Read();
                f.ErrorMessage = _scratch.Text(ref r);
            }
            else if (r.ValueTextEquals("error"u8))
            {
                ParseError(ref r, ref f);
            }
            else
            {
                _ = r.Read();
                r.Skip();
            }
        }
    }

    private ReadOnlySpan<byte> Arguments(scoped ref Utf8JsonReader r, ReadOnlySpan<byte> data)
    {
        var raw = JsonScratch.Raw(ref r, data);
        if (r.TokenType == JsonTokenType.String)
        {
            return _scratch.Text(ref r);
        }

        return r.TokenType == JsonTokenType.EndObject ? raw : [];
    }

    private void ParseError(ref Utf8JsonReader r, ref Fields f)
    {
        _ = r.Read();
        if (r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return;
        }

        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var which = r.ValueTextEquals("code"u8) ? 1 : r.ValueTextEquals("message"u8) ? 2 : r.ValueTextEquals("type"u8) ? 3 : 0;
            _ = r.Read();
            var value = _scratch.Text(ref r);
            if (which == 1 || (which == 3 && f.ErrorCode.IsEmpty))
            {
                f.ErrorCode = value;
            }
            else if (which == 2)
            {
                f.ErrorMessage = value;
            }
        }
    }

    private void ParseResponse(ref Utf8JsonReader r, ref Fields f)
    {
        _ = r.Read();
        if (r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return;
        }

        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("id"u8))
            {
                _ = r.Read();
                f.ResponseId = _scratch.Text(ref r);
            }
            else if (r.ValueTextEquals("model"u8))
            {
                _ = r.Read();
                f.Model = _scratch.Text(ref r);
            }
            else if (r.ValueTextEquals("status"u8))
            {
                _ = r.Read();
                f.Status = _scratch.Text(ref r);
            }
            else if (r.ValueTextEquals("created_at"u8))
            {
                _ = r.Read();
                f.Created = JsonScratch.Number(ref r) ?? 0;
            }
            else if (r.ValueTextEquals("incomplete_details"u8))
            {
                _ = r.Read();
                if (r.TokenType != JsonTokenType.StartObject)
                {
                    r.Skip();
                    continue;
                }

                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    var isReason = r.ValueTextEquals("reason"u8);
                    _ = r.Read();
                    var value = _scratch.Text(ref r);
                    if (isReason)
                    {
                        f.IncompleteReason = value;
                    }
                }
            }
            else if (r.ValueTextEquals("usage"u8))
            {
                f.Usage = OpenAIUsage.Read(ref r);
            }
            else if (r.ValueTextEquals("error"u8))
            {
                ParseError(ref r, ref f);
            }
            else
            {
                _ = r.Read();
                r.Skip();
            }
        }
    }

    private void ParseItem(ref Utf8JsonReader r, ReadOnlySpan<byte> data, ref Fields f)
    {
        _ = r.Read();
        if (r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return;
        }

        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("type"u8))
            {
                _ = r.Read();
                f.ItemType = _scratch.Text(ref r);
            }
            else if (r.ValueTextEquals("call_id"u8))
            {
                _ = r.Read();
                f.CallId = _scratch.Text(ref r);
            }
            else if (r.ValueTextEquals("name"u8))
            {
                _ = r.Read();
                f.Name = _scratch.Text(ref r);
            }
            else if (r.ValueTextEquals("arguments"u8))
            {
                f.Arguments = Arguments(ref r, data);
            }
            else if (r.ValueTextEquals("encrypted_content"u8))
            {
                _ = r.Read();
                f.Encrypted = _scratch.Text(ref r);
            }
            else if (r.ValueTextEquals("summary"u8) || r.ValueTextEquals("content"u8))
            {
                // Joined text of summary parts (reasoning) or output_text parts (message), for items without deltas.
                var isSummary = r.ValueTextEquals("summary"u8);
                _ = r.Read();
                if (r.TokenType != JsonTokenType.StartArray)
                {
                    r.Skip();
                    continue;
                }

                var start = _join.WrittenCount;
                while (r.Read() && r.TokenType == JsonTokenType.StartObject)
                {
                    while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                    {
                        var isText = r.ValueTextEquals("text"u8) || r.ValueTextEquals("refusal"u8);
                        _ = r.Read();
                        var value = _scratch.Text(ref r);
                        if (isText)
                        {
                            _join.Write(value);
                        }
                    }
                }

                if (isSummary || f.Text.IsEmpty)
                {
                    f.Text = _join.WrittenSpan[start..];
                }
            }
            else
            {
                _ = r.Read();
                r.Skip();
            }
        }
    }

    private ref struct Fields
    {
        public ReadOnlySpan<byte> Type;
        public ReadOnlySpan<byte> Delta;
        public ReadOnlySpan<byte> Arguments;
        public ReadOnlySpan<byte> ItemType;
        public ReadOnlySpan<byte> CallId;
        public ReadOnlySpan<byte> Name;
        public ReadOnlySpan<byte> Encrypted;
        public ReadOnlySpan<byte> Text;
        public ReadOnlySpan<byte> ResponseId;
        public ReadOnlySpan<byte> Model;
        public ReadOnlySpan<byte> Status;
        public long Created;
        public ReadOnlySpan<byte> IncompleteReason;
        public UsagePatch Usage;
        public ReadOnlySpan<byte> ErrorCode;
        public ReadOnlySpan<byte> ErrorMessage;
    }
}
