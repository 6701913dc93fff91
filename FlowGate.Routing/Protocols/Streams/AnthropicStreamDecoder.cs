using System.Text.Json;
using FlowGate.Routing.Protocols.Answers;

namespace FlowGate.Routing.Protocols.Streams;

/// <summary>
/// Anthropic Messages SSE to stream events. The data's <c>type</c> decides (the <c>event:</c> line
/// only when it is missing); <c>ping</c> and unknown types are ignored; unparseable events are skipped. Ends at
/// <c>message_stop</c> or <c>error</c>.
/// </summary>
internal sealed class AnthropicStreamDecoder : IStreamDecoder
{
    private readonly JsonScratch _scratch = new();
    private int _tools;

    public bool Ended { get; private set; }

    public void Decode(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data, IStreamEventSink sink)
    {
        if (Ended)
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

        var type = f.Type.IsEmpty ? eventName : f.Type;
        if (type.SequenceEqual("content_block_delta"u8))
        {
            var kind = f.DeltaType switch
            {
                _ when f.DeltaType.SequenceEqual("text_delta"u8) => StreamEventKind.TextDelta,
                _ when f.DeltaType.SequenceEqual("input_json_delta"u8) => StreamEventKind.ToolArgumentsDelta,
                _ when f.DeltaType.SequenceEqual("thinking_delta"u8) => StreamEventKind.ThinkingDelta,
                _ when f.DeltaType.SequenceEqual("signature_delta"u8) => StreamEventKind.SignatureDelta,
                _ => StreamEventKind.End,
            };
            if (kind != StreamEventKind.End && !f.DeltaValue.IsEmpty)
            {
                sink.On(new StreamEvent { Kind = kind, Data = f.DeltaValue });
            }
        }
        else if (type.SequenceEqual("content_block_start"u8))
        {
            if (f.BlockType.SequenceEqual("tool_use"u8) || f.BlockType.SequenceEqual("server_tool_use"u8))
            {
                sink.On(new StreamEvent { Kind = StreamEventKind.ToolCallStart, Index = _tools++, Id = JsonScratch.String(f.BlockId), Name = JsonScratch.String(f.BlockName) ?? string.Empty });
                if (!f.BlockInput.IsEmpty && !IsEmptyObject(f.BlockInput))
                {
                    sink.On(new StreamEvent { Kind = StreamEventKind.ToolArgumentsDelta, Data = f.BlockInput });
                }
            }
            else if (f.BlockType.SequenceEqual("text"u8) && !f.BlockText.IsEmpty)
            {
                sink.On(new StreamEvent { Kind = StreamEventKind.TextDelta, Data = f.BlockText });
            }
            else if (f.BlockType.SequenceEqual("thinking"u8) && !f.BlockText.IsEmpty)
            {
                sink.On(new StreamEvent { Kind = StreamEventKind.ThinkingDelta, Data = f.BlockText });
            }
        }
        else if (type.SequenceEqual("content_block_stop"u8))
        {
            sink.On(new StreamEvent { Kind = StreamEventKind.BlockEnd });
        }
        else if (type.SequenceEqual("message_start"u8))
        {
            sink.On(new StreamEvent { Kind = StreamEventKind.MessageStart, Id = JsonScratch.String(f.MessageId), Name = JsonScratch.String(f.Model), Usage = f.Usage });
        }
        else if (type.SequenceEqual("message_delta"u8))
        {
            if (f.HasStop)
            {
                sink.On(new StreamEvent { Kind = StreamEventKind.Finish, Stop = AnswerStops.FromAnthropic(f.StopReason) });
            }

            if (!f.Usage.IsEmpty)
            {
                sink.On(new StreamEvent { Kind = StreamEventKind.Usage, Usage = f.Usage });
            }
        }
        else if (type.SequenceEqual("message_stop"u8))
        {
            Ended = true;
            sink.On(new StreamEvent { Kind = StreamEventKind.End });
        }
        else if (type.SequenceEqual("error"u8))
        {
            Ended = true;
            sink.On(new StreamEvent { Kind = StreamEventKind.Error, Id = JsonScratch.String(f.ErrorType) ?? "api_error", Name = JsonScratch.String(f.ErrorMessage) ?? string.Empty });
        }
    }

    public void Close(IStreamEventSink sink)
    {
    }

    /// <summary>Reads Anthropic usage (input excludes cached tokens already).</summary>
    /// <param name="r">The reader, on the usage property name.</param>
    /// <returns>The counts present.</returns>
    internal static UsagePatch ReadUsage(ref Utf8JsonReader r)
    {
        long? input = null, output = null, cacheRead = null, cacheWrite = null;
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return default;
        }

        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            ref var target = ref input;
            if (r.ValueTextEquals("input_tokens"u8))
            {
                target = ref input;
            }
            else if (r.ValueTextEquals("output_tokens"u8))
            {
                target = ref output;
            }
            else if (r.ValueTextEquals("cache_read_input_tokens"u8))
            {
                target = ref cacheRead;
            }
            else if (r.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                target = ref cacheWrite;
            }
            else
            {
                _ = r.Read();
                r.Skip();
                continue;
            }

            _ = r.Read();
            target = JsonScratch.Number(ref r) ?? target;
            r.Skip();
        }

        return new UsagePatch(input, output, cacheRead, cacheWrite, null);
    }

    private static bool IsEmptyObject(ReadOnlySpan<byte> json)
    {
        foreach (var b in json)
        {
            if (b is not ((byte)'{' or (byte)'}' or (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            {
                return false;
            }
        }

        return true;
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
                ParseObject(ref r, data, ref f, Scope.Delta);
            }
            else if (r.ValueTextEquals("content_block"u8))
            {
                ParseObject(ref r, data, ref f, Scope.Block);
            }
            else if (r.ValueTextEquals("message"u8))
            {
                ParseObject(ref r, data, ref f, Scope.Message);
            }
            else if (r.ValueTextEquals("error"u8))
            {
                ParseObject(ref r, data, ref f, Scope.Error);
            }
            else if (r.ValueTextEquals("usage"u8))
            {
                f.Usage = ReadUsage(ref r);
            }
            else
            {
                _ = r.Read();
                r.Skip();
            }
        }
    }

    private void ParseObject(ref Utf8JsonReader r, ReadOnlySpan<byte> data, ref Fields f, Scope scope)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return;
        }

        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (scope == Scope.Block && r.ValueTextEquals("input"u8))
            {
                f.BlockInput = JsonScratch.Raw(ref r, data);
                continue;
            }

            if (scope == Scope.Message && r.ValueTextEquals("usage"u8))
            {
                f.Usage = ReadUsage(ref r);
                continue;
            }

            var isType = r.ValueTextEquals("type"u8);
            var name = scope switch
            {
                Scope.Delta when r.ValueTextEquals("text"u8) || r.ValueTextEquals("partial_json"u8) || r.ValueTextEquals("thinking"u8) || r.ValueTextEquals("signature"u8) => 1,
                Scope.Delta when r.ValueTextEquals("stop_reason"u8) => 2,
                Scope.Block when r.ValueTextEquals("id"u8) => 3,
                Scope.Block when r.ValueTextEquals("name"u8) => 4,
                Scope.Block when r.ValueTextEquals("text"u8) || r.ValueTextEquals("thinking"u8) => 5,
                Scope.Message when r.ValueTextEquals("id"u8) => 6,
                Scope.Message when r.ValueTextEquals("model"u8) => 7,
                Scope.Error when r.ValueTextEquals("message"u8) => 8,
                _ => 0,
            };
            _ = r.Read();
            if (!isType && name == 0)
            {
                r.Skip();
                continue;
            }

            var value = _scratch.Text(ref r);
            if (isType)
            {
                switch (scope)
                {
                    case Scope.Delta:
                        f.DeltaType = value;
                        break;
                    case Scope.Block:
                        f.BlockType = value;
                        break;
                    case Scope.Error:
                        f.ErrorType = value;
                        break;
                    default:
                        break;
                }

                continue;
            }

            switch (name)
            {
                case 1:
                    f.DeltaValue = value;
                    break;
                case 2:
                    f.StopReason = value;
                    f.HasStop = r.TokenType == JsonTokenType.String;
                    break;
                case 3:
                    f.BlockId = value;
                    break;
                case 4:
                    f.BlockName = value;
                    break;
                case 5:
                    f.BlockText = value;
                    break;
                case 6:
                    f.MessageId = value;
                    break;
                case 7:
                    f.Model = value;
                    break;
                default:
                    f.ErrorMessage = value;
                    break;
            }
        }
    }

    private enum Scope
    {
        Delta,
        Block,
        Message,
        Error,
    }

    private ref struct Fields
    {
        public ReadOnlySpan<byte> Type;
        public ReadOnlySpan<byte> DeltaType;
        public ReadOnlySpan<byte> DeltaValue;
        public ReadOnlySpan<byte> StopReason;
        public bool HasStop;
        public ReadOnlySpan<byte> BlockType;
        public ReadOnlySpan<byte> BlockId;
        public ReadOnlySpan<byte> BlockName;
        public ReadOnlySpan<byte> BlockText;
        public ReadOnlySpan<byte> BlockInput;
        public ReadOnlySpan<byte> MessageId;
        public ReadOnlySpan<byte> Model;
        public ReadOnlySpan<byte> ErrorType;
        public ReadOnlySpan<byte> ErrorMessage;
        public UsagePatch Usage;
    }
}
