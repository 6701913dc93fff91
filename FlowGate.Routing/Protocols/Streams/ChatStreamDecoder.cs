using System.Text.Json;
using FlowGate.Routing.Protocols.Answers;

namespace FlowGate.Routing.Protocols.Streams;

/// <summary>
/// OpenAI Chat chunk streams to stream events. Absorbs: tool-call fragments re-assembled
/// by <c>index</c> with <c>id</c> and <c>name</c> split across chunks (a call starts once its first argument
/// fragment arrives, another call appears or the answer finishes, so a split name is complete by then; repeated
/// identical fragments are not doubled); a chunk carrying content and <c>finish_reason</c> together; usage in a
/// trailing chunk whose <c>choices</c> is <c>[]</c> or <c>null</c> (vLLM); <c>reasoning_content</c> /
/// <c>reasoning</c> as thinking; <c>refusal</c> as text; an <c>{"error":…}</c> chunk. Unparseable chunks are
/// skipped.
/// <para>
/// <b>End.</b> <c>[DONE]</c> ends the stream, and so does usage once the answer has finished (whatever follows is
/// ignored); so does a <c>finish_reason</c> when the upstream then closes
/// without <c>[DONE]</c> (<see cref="Ended"/> turns true at the finish, and <see cref="Close"/> emits the end):
/// the finish is the answer's semantic end and some providers and relays drop the trailer. A stream that closes
/// before any finish did not end.
/// </para>
/// </summary>
internal sealed class ChatStreamDecoder : IStreamDecoder
{
    private readonly JsonScratch _scratch = new();
    private readonly List<ToolCall> _calls = [];
    private ToolCall? _current;
    private bool _started;
    private bool _finished;
    private bool _endSent;
    private int _ordinals;

    public bool Ended => _finished || _endSent;

    /// <summary>Gets a value indicating whether <c>[DONE]</c> arrived.</summary>
    public bool SawDone { get; private set; }

    public void Decode(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data, IStreamEventSink sink)
    {
        if (data.Trim((byte)' ').SequenceEqual("[DONE]"u8))
        {
            SawDone = true;
            if (!_endSent)
            {
                Finish(AnswerStop.EndTurn, sink);
                End(sink);
            }

            return;
        }

        if (_endSent)
        {
            return;
        }

        _scratch.Reset();
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

        if (f.HasError)
        {
            _finished = true;
            _endSent = true;
            sink.On(new StreamEvent { Kind = StreamEventKind.Error, Id = JsonScratch.String(f.ErrorCode) ?? JsonScratch.String(f.ErrorType) ?? "api_error", Name = JsonScratch.String(f.ErrorMessage) ?? string.Empty });
            return;
        }

        if (!_started)
        {
            _started = true;
            sink.On(new StreamEvent { Kind = StreamEventKind.MessageStart, Id = JsonScratch.String(f.Id), Name = JsonScratch.String(f.Model), Created = f.Created });
        }

        if (!_finished)
        {
            if (!f.Reasoning.IsEmpty)
            {
                sink.On(new StreamEvent { Kind = StreamEventKind.ThinkingDelta, Data = f.Reasoning });
            }

            if (!f.Content.IsEmpty)
            {
                sink.On(new StreamEvent { Kind = StreamEventKind.TextDelta, Data = f.Content });
            }

            if (!f.Refusal.IsEmpty)
            {
                sink.On(new StreamEvent { Kind = StreamEventKind.TextDelta, Data = f.Refusal });
            }

            PumpTools(sink, startAll: false);
            if (f.HasFinish)
            {
                Finish(AnswerStops.FromChat(f.FinishReason), sink);
            }
        }

        if (!f.Usage.IsEmpty)
        {
            sink.On(new StreamEvent { Kind = StreamEventKind.Usage, Usage = f.Usage });

            // Finished and counted: nothing the client needs can follow, so the end goes out now rather than a
            // pacing interval later with [DONE] (the translated stream's last frame would otherwise lag).
            if (_finished)
            {
                End(sink);
            }
        }
    }

    public void Close(IStreamEventSink sink)
    {
        if (_finished)
        {
            End(sink);
        }
    }

    private void Finish(AnswerStop stop, IStreamEventSink sink)
    {
        if (_finished)
        {
            return;
        }

        if (!_started)
        {
            _started = true;
            sink.On(new StreamEvent { Kind = StreamEventKind.MessageStart });
        }

        PumpTools(sink, startAll: true);
        _finished = true;
        sink.On(new StreamEvent { Kind = StreamEventKind.Finish, Stop = stop });
    }

    private void End(IStreamEventSink sink)
    {
        if (!_endSent)
        {
            _endSent = true;
            sink.On(new StreamEvent { Kind = StreamEventKind.End });
        }
    }

    /// <summary>Starts the calls that are ready and streams their pending argument fragments.</summary>
    /// <param name="sink">The sink.</param>
    /// <param name="startAll">Start every call (the answer is finishing).</param>
    private void PumpTools(IStreamEventSink sink, bool startAll)
    {
        for (var i = 0; i < _calls.Count; i++)
        {
            var call = _calls[i];
            if (call.Closed)
            {
                continue;
            }

            var later = i + 1 < _calls.Count;
            if (!call.Started && (startAll || later || call.PendingLength > 0))
            {
                if (_current is not null)
                {
                    _current.Closed = true;
                    sink.On(new StreamEvent { Kind = StreamEventKind.BlockEnd });
                }

                call.Started = true;
                _current = call;
                sink.On(new StreamEvent { Kind = StreamEventKind.ToolCallStart, Index = _ordinals++, Id = call.Id, Name = call.Name ?? string.Empty });
            }

            if (call == _current && call.PendingLength > 0)
            {
                sink.On(new StreamEvent { Kind = StreamEventKind.ToolArgumentsDelta, Data = call.Pending.AsSpan(0, call.PendingLength) });
                call.PendingLength = 0;
            }
        }
    }

    private ToolCall Call(int index)
    {
        foreach (var call in _calls)
        {
            if (call.Index == index)
            {
                return call;
            }
        }

        var added = new ToolCall { Index = index };
        _calls.Add(added);
        return added;
    }

    private static string? Merge(string? existing, ReadOnlySpan<byte> fragment, bool started)
    {
        if (fragment.IsEmpty)
        {
            return existing;
        }

        var text = System.Text.Encoding.UTF8.GetString(fragment);
        if (existing is null || existing.Length == 0)
        {
            return text;
        }

        return started || string.Equals(existing, text, StringComparison.Ordinal) ? existing : existing + text;
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
            if (r.ValueTextEquals("choices"u8))
            {
                _ = r.Read();
                if (r.TokenType != JsonTokenType.StartArray)
                {
                    r.Skip();
                    continue;
                }

                while (r.Read() && r.TokenType == JsonTokenType.StartObject)
                {
                    ParseChoice(ref r, ref f);
                }
            }
            else if (r.ValueTextEquals("usage"u8))
            {
                f.Usage = OpenAIUsage.Read(ref r);
            }
            else if (r.ValueTextEquals("id"u8))
            {
                _ = r.Read();
                f.Id = _scratch.Text(ref r);
            }
            else if (r.ValueTextEquals("model"u8))
            {
                _ = r.Read();
                f.Model = _scratch.Text(ref r);
            }
            else if (r.ValueTextEquals("created"u8))
            {
                _ = r.Read();
                f.Created = JsonScratch.Number(ref r) ?? 0;
            }
            else if (r.ValueTextEquals("error"u8))
            {
                _ = r.Read();
                if (r.TokenType != JsonTokenType.StartObject)
                {
                    f.HasError = r.TokenType == JsonTokenType.String;
                    f.ErrorMessage = _scratch.Text(ref r);
                    continue;
                }

                f.HasError = true;
                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    var which = r.ValueTextEquals("message"u8) ? 1 : r.ValueTextEquals("type"u8) ? 2 : r.ValueTextEquals("code"u8) ? 3 : 0;
                    _ = r.Read();
                    var value = _scratch.Text(ref r);
                    switch (which)
                    {
                        case 1:
                            f.ErrorMessage = value;
                            break;
                        case 2:
                            f.ErrorType = value;
                            break;
                        case 3:
                            f.ErrorCode = value;
                            break;
                        default:
                            break;
                    }
                }
            }
            else
            {
                _ = r.Read();
                r.Skip();
            }
        }
    }

    private void ParseChoice(ref Utf8JsonReader r, ref Fields f)
    {
        // Only choice 0 is translated; other choices (n > 1) have no place in the clients' protocols.
        var index = 0L;
        Fields choice = default;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("index"u8))
            {
                _ = r.Read();
                index = JsonScratch.Number(ref r) ?? 0;
            }
            else if (r.ValueTextEquals("finish_reason"u8))
            {
                _ = r.Read();
                choice.HasFinish = r.TokenType == JsonTokenType.String;
                choice.FinishReason = _scratch.Text(ref r);
            }
            else if (r.ValueTextEquals("delta"u8) || r.ValueTextEquals("message"u8))
            {
                _ = r.Read();
                if (r.TokenType != JsonTokenType.StartObject)
                {
                    r.Skip();
                    continue;
                }

                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    if (r.ValueTextEquals("content"u8))
                    {
                        _ = r.Read();
                        choice.Content = _scratch.Text(ref r);
                    }
                    else if (r.ValueTextEquals("reasoning_content"u8) || r.ValueTextEquals("reasoning"u8))
                    {
                        _ = r.Read();
                        choice.Reasoning = _scratch.Text(ref r);
                    }
                    else if (r.ValueTextEquals("refusal"u8))
                    {
                        _ = r.Read();
                        choice.Refusal = _scratch.Text(ref r);
                    }
                    else if (r.ValueTextEquals("tool_calls"u8))
                    {
                        _ = r.Read();
                        if (r.TokenType != JsonTokenType.StartArray)
                        {
                            r.Skip();
                            continue;
                        }

                        while (r.Read() && r.TokenType == JsonTokenType.StartObject)
                        {
                            ParseToolCall(ref r, index == 0);
                        }
                    }
                    else
                    {
                        _ = r.Read();
                        r.Skip();
                    }
                }
            }
            else
            {
                _ = r.Read();
                r.Skip();
            }
        }

        if (index == 0)
        {
            f.Content = choice.Content;
            f.Reasoning = choice.Reasoning;
            f.Refusal = choice.Refusal;
            f.HasFinish = choice.HasFinish;
            f.FinishReason = choice.FinishReason;
        }
    }

    private void ParseToolCall(ref Utf8JsonReader r, bool keep)
    {
        var index = -1L;
        ReadOnlySpan<byte> id = default, name = default, arguments = default;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("index"u8))
            {
                _ = r.Read();
                index = JsonScratch.Number(ref r) ?? -1;
            }
            else if (r.ValueTextEquals("id"u8))
            {
                _ = r.Read();
                id = _scratch.Text(ref r);
            }
            else if (r.ValueTextEquals("function"u8))
            {
                _ = r.Read();
                if (r.TokenType != JsonTokenType.StartObject)
                {
                    r.Skip();
                    continue;
                }

                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    if (r.ValueTextEquals("name"u8))
                    {
                        _ = r.Read();
                        name = _scratch.Text(ref r);
                    }
                    else if (r.ValueTextEquals("arguments"u8))
                    {
                        _ = r.Read();
                        arguments = r.TokenType == JsonTokenType.StartObject ? RawObject(ref r) : _scratch.Text(ref r);
                    }
                    else
                    {
                        _ = r.Read();
                        r.Skip();
                    }
                }
            }
            else
            {
                _ = r.Read();
                r.Skip();
            }
        }

        if (!keep)
        {
            return;
        }

        // A call without an index is the next one (some upstreams omit it for single calls).
        var call = Call(index >= 0 ? (int)Math.Min(index, int.MaxValue) : (_calls.Count == 0 ? 0 : _calls[^1].Index));
        if (call.Closed)
        {
            return;
        }

        call.Id = Merge(call.Id, id, call.Started);
        call.Name = Merge(call.Name, name, call.Started);
        if (!arguments.IsEmpty)
        {
            if (call.PendingLength + arguments.Length > call.Pending.Length)
            {
                Array.Resize(ref call.Pending, Math.Max(call.Pending.Length * 2, call.PendingLength + arguments.Length));
            }

            arguments.CopyTo(call.Pending.AsSpan(call.PendingLength));
            call.PendingLength += arguments.Length;
        }
    }

    private static ReadOnlySpan<byte> RawObject(scoped ref Utf8JsonReader r)
    {
        // Arguments as an object (a non-standard upstream): the reader's original bytes are not reachable from
        // here, so re-serialise through a document.
        using var document = JsonDocument.ParseValue(ref r);
        return System.Text.Encoding.UTF8.GetBytes(document.RootElement.GetRawText());
    }

    private sealed class ToolCall
    {
        public byte[] Pending = new byte[256];

        public int Index { get; init; }

        public string? Id { get; set; }

        public string? Name { get; set; }

        public int PendingLength { get; set; }

        public bool Started { get; set; }

        public bool Closed { get; set; }
    }

    private ref struct Fields
    {
        public ReadOnlySpan<byte> Id;
        public ReadOnlySpan<byte> Model;
        public long Created;
        public ReadOnlySpan<byte> Content;
        public ReadOnlySpan<byte> Reasoning;
        public ReadOnlySpan<byte> Refusal;
        public bool HasFinish;
        public ReadOnlySpan<byte> FinishReason;
        public UsagePatch Usage;
        public bool HasError;
        public ReadOnlySpan<byte> ErrorMessage;
        public ReadOnlySpan<byte> ErrorType;
        public ReadOnlySpan<byte> ErrorCode;
    }
}
