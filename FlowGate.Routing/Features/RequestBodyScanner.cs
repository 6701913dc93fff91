using System.Text;
using System.Text.Json;

namespace FlowGate.Routing.Features;

/// <summary>
/// The single forward pass behind <see cref="RequestFeatureExtractor"/> (which documents what is read). The
/// three protocols share their message and content-block shapes closely enough for one grammar: a message or
/// item has a <c>role</c>, a <c>content</c> string or block array, and possibly tool calls or tool output; a
/// block has a <c>type</c>, maybe <c>text</c>, nested <c>content</c> (tool results) or a tool-call
/// <c>input</c>. Only the top-level members are read per protocol.
/// </summary>
internal ref struct RequestBodyScanner
{
    // Tool results nest one level of content in practice; deeper nesting is not a real shape and is skipped,
    // which also bounds the recursion of ScanContent/ScanBlock whatever the reader's depth limit.
    private const int MaxContentNesting = 2;

    // Claude Code's user_id is about 200 bytes; anything far longer is not a session id worth keeping.
    private const int MaxUserIdBytes = 1024;

    private readonly ReadOnlySpan<byte> _body;
    private readonly ClientProtocol _protocol;
    private readonly JsonReaderOptions _options;
    private readonly bool _decodeLastUserText;
    private Utf8JsonReader _reader;

    private string? _model;
    private bool _stream;
    private int _messageCount;
    private int _toolCount;
    private long _promptChars;
    private long _estimateBytes;
    private int? _maxTokens;
    private int? _maxCompletionTokens;
    private bool _thinkingRequested;
    private int? _thinkingBudget;
    private string? _effort;
    private bool _hasImages;
    private bool _hasSignedThinking;
    private string? _metadataSessionId;
    private string? _promptCacheKey;

    // The last user message with text is decoded only at the end, from its byte range: decoding every user
    // message on the way would cost a string per message.
    private int _lastUserStart;
    private int _lastUserLength;

    public RequestBodyScanner(ReadOnlySpan<byte> body, ClientProtocol protocol, JsonReaderOptions options, bool lastUserText)
    {
        _body = body;
        _decodeLastUserText = lastUserText;
        _protocol = protocol;
        _options = options;
        _reader = new Utf8JsonReader(body, options);
        _lastUserStart = -1;
    }

    public RequestFeatures Scan()
    {
        if (!_reader.Read() || _reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidRequestBodyException("The request body is not a JSON object.");
        }

        while (Next() == JsonTokenType.PropertyName)
        {
            ScanRootProperty();
        }

        // Reading past the root validates what follows it: whitespace only.
        if (_reader.Read())
        {
            throw new InvalidRequestBodyException("The request body holds more than one JSON value.");
        }

        return new RequestFeatures
        {
            Model = _model,
            Stream = _stream,
            MessageCount = _messageCount,
            ToolCount = _toolCount,
            PromptChars = Saturate(_promptChars),
            EstimatedInputTokens = Saturate((_estimateBytes + 3) / 4),
            RequestedOutputTokens = _protocol == ClientProtocol.OpenAIChat ? _maxCompletionTokens ?? _maxTokens : _maxTokens,
            ThinkingRequested = _thinkingRequested,
            ThinkingBudget = _thinkingBudget,
            ThinkingEffort = _effort,
            HasImages = _hasImages,
            HasSignedThinking = _hasSignedThinking,
            LastUserText = _decodeLastUserText ? LastUserText() : null,
            MetadataSessionId = _metadataSessionId,
            PromptCacheKey = _promptCacheKey,
        };
    }

    private static int Saturate(long value) => value > int.MaxValue ? int.MaxValue : (int)value;

    /// <summary>Counts the UTF-16 characters of a raw (escaped) JSON string value without decoding it.</summary>
    private static long CountEscapedChars(ReadOnlySpan<byte> raw)
    {
        long count = 0;
        while (true)
        {
            var backslash = raw.IndexOf((byte)'\\');
            if (backslash < 0)
            {
                return count + Encoding.UTF8.GetCharCount(raw);
            }

            count += Encoding.UTF8.GetCharCount(raw[..backslash]) + 1;

            // The reader has validated the escapes: \uXXXX is six bytes for one UTF-16 unit, the rest two bytes.
            var length = backslash + 1 < raw.Length && raw[backslash + 1] == (byte)'u' ? 6 : 2;
            raw = raw[Math.Min(backslash + length, raw.Length)..];
        }
    }

    /// <summary>Moves to the next token; the reader throws on truncated input, so running out is a bug guard.</summary>
    private JsonTokenType Next() => _reader.Read()
        ? _reader.TokenType
        : throw new InvalidRequestBodyException("The request body ends early.");

    private bool Is(ReadOnlySpan<byte> name) => _reader.ValueTextEquals(name);

    private void ScanRootProperty()
    {
        if (Is("model"u8))
        {
            _model = ReadString();
        }
        else if (Is("stream"u8))
        {
            _stream = Next() == JsonTokenType.True;
            _reader.Skip();
        }
        else if (Is("tools"u8))
        {
            ScanTools();
        }
        else if (!(_protocol switch
        {
            ClientProtocol.AnthropicMessages => ScanAnthropicProperty(),
            ClientProtocol.OpenAIChat => ScanChatProperty(),
            ClientProtocol.OpenAIResponses => ScanResponsesProperty(),
            _ => false,
        }))
        {
            SkipValue();
        }
    }

    private bool ScanAnthropicProperty()
    {
        if (Is("messages"u8))
        {
            ScanMessages();
        }
        else if (Is("system"u8))
        {
            Next();
            _ = ScanContent(0);
        }
        else if (Is("max_tokens"u8))
        {
            _maxTokens = ReadTokenLimit("max_tokens");
        }
        else if (Is("thinking"u8))
        {
            ScanAnthropicThinking();
        }
        else if (Is("output_config"u8))
        {
            ScanEffortObject(requests: false);
        }
        else if (Is("metadata"u8))
        {
            ScanMetadata();
        }
        else
        {
            return false;
        }

        return true;
    }

    private bool ScanChatProperty()
    {
        if (Is("messages"u8))
        {
            ScanMessages();
        }
        else if (Is("max_tokens"u8))
        {
            _maxTokens = ReadTokenLimit("max_tokens");
        }
        else if (Is("max_completion_tokens"u8))
        {
            _maxCompletionTokens = ReadTokenLimit("max_completion_tokens");
        }
        else if (Is("reasoning_effort"u8))
        {
            _effort = ReadEffort();
            _thinkingRequested = _effort is not null and not "none";
        }
        else if (Is("prompt_cache_key"u8))
        {
            _promptCacheKey = ReadString();
        }
        else
        {
            return false;
        }

        return true;
    }

    private bool ScanResponsesProperty()
    {
        if (Is("input"u8))
        {
            ScanInput();
        }
        else if (Is("instructions"u8))
        {
            Next();
            _ = ScanContent(0);
        }
        else if (Is("max_output_tokens"u8))
        {
            _maxTokens = ReadTokenLimit("max_output_tokens");
        }
        else if (Is("reasoning"u8))
        {
            ScanEffortObject(requests: true);
        }
        else if (Is("prompt_cache_key"u8))
        {
            _promptCacheKey = ReadString();
        }
        else
        {
            return false;
        }

        return true;
    }

    private void SkipValue()
    {
        Next();
        _reader.Skip();
    }

    private string? ReadString()
    {
        if (Next() == JsonTokenType.String)
        {
            return _reader.GetString();
        }

        _reader.Skip();
        return null;
    }

    /// <summary>
    /// Reads an output-token limit: a whole number or <c>null</c>. Anything else (<c>"abc"</c>, <c>1.5</c>, <c>true</c>)
    /// is refused: a route that clamps the limit could not judge it, and would pass it on unchanged.
    /// </summary>
    private int? ReadTokenLimit(string name)
    {
        var token = Next();
        if (token == JsonTokenType.Null)
        {
            return null;
        }

        if (token != JsonTokenType.Number || _reader.ValueSpan.IndexOfAny(".eE"u8) >= 0)
        {
            throw new InvalidRequestBodyException($"'{name}' must be a whole number.");
        }

        // A whole number beyond the range saturates; the rewriter and the upstream judge its size.
        return _reader.TryGetInt32(out var value) ? value : _reader.ValueSpan[0] == (byte)'-' ? int.MinValue : int.MaxValue;
    }

    private int? ReadInt()
    {
        if (Next() != JsonTokenType.Number)
        {
            _reader.Skip();
            return null;
        }

        if (_reader.TryGetInt32(out var value))
        {
            return value;
        }

        // Out of range or fractional: saturate rather than fail, the rewriter and upstream judge the value. A
        // number beyond even a double's range tells nothing usable.
        if (!_reader.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            return null;
        }

        return number >= int.MaxValue ? int.MaxValue : number <= int.MinValue ? int.MinValue : (int)number;
    }

    /// <summary>Reads an effort, returning the shared literal for the usual values so that none is allocated.</summary>
    private string? ReadEffort()
    {
        if (Next() != JsonTokenType.String)
        {
            _reader.Skip();
            return null;
        }

        return Is("high"u8) ? "high"
            : Is("medium"u8) ? "medium"
            : Is("low"u8) ? "low"
            : Is("xhigh"u8) ? "xhigh"
            : Is("max"u8) ? "max"
            : Is("minimal"u8) ? "minimal"
            : Is("none"u8) ? "none"
            : _reader.GetString();
    }

    private void ScanTools()
    {
        if (Next() != JsonTokenType.StartArray)
        {
            _reader.Skip();
            return;
        }

        while (Next() != JsonTokenType.EndArray)
        {
            _toolCount++;
            AddRawBytes();
        }
    }

    private void ScanMessages()
    {
        if (Next() != JsonTokenType.StartArray)
        {
            _reader.Skip();
            return;
        }

        while (Next() != JsonTokenType.EndArray)
        {
            _messageCount++;
            ScanMessage();
        }
    }

    private void ScanInput()
    {
        switch (Next())
        {
            case JsonTokenType.String:
                // A plain string input is one user message.
                _messageCount = 1;
                if (_reader.ValueSpan.Length > 0)
                {
                    AddText();
                    _lastUserStart = (int)_reader.TokenStartIndex;
                    _lastUserLength = (int)(_reader.BytesConsumed - _reader.TokenStartIndex);
                }

                break;
            case JsonTokenType.StartArray:
                while (Next() != JsonTokenType.EndArray)
                {
                    _messageCount++;
                    ScanMessage();
                }

                break;
            default:
                _reader.Skip();
                break;
        }
    }

    /// <summary>Scans one message (Anthropic, Chat) or input item (Responses); the reader is on its first token.</summary>
    private void ScanMessage()
    {
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            _reader.Skip();
            return;
        }

        var start = _reader.TokenStartIndex;
        bool isUser = false, hasText = false, isReasoning = false, hasEncryptedContent = false;
        while (Next() == JsonTokenType.PropertyName)
        {
            if (Is("role"u8))
            {
                isUser = Next() == JsonTokenType.String && Is("user"u8);
                _reader.Skip();
            }
            else if (Is("content"u8))
            {
                Next();
                hasText |= ScanContent(0);
            }
            else if (Is("type"u8))
            {
                isReasoning = Next() == JsonTokenType.String && Is("reasoning"u8);
                _reader.Skip();
            }
            else if (Is("encrypted_content"u8))
            {
                hasEncryptedContent = Next() == JsonTokenType.String && _reader.ValueSpan.Length > 0;
                _reader.Skip();
            }
            else if (Is("output"u8))
            {
                // Responses function_call_output / custom_tool_call_output: a tool result, not the user's text.
                Next();
                _ = ScanContent(1);
            }
            else if (Is("tool_calls"u8) || Is("arguments"u8) || Is("input"u8))
            {
                // Chat assistant tool calls, Responses function_call arguments and custom_tool_call input.
                Next();
                AddRawBytes();
            }
            else
            {
                SkipValue();
            }
        }

        _hasSignedThinking |= isReasoning && hasEncryptedContent;
        if (isUser && hasText)
        {
            _lastUserStart = (int)start;
            _lastUserLength = (int)(_reader.BytesConsumed - start);
        }
    }

    /// <summary>
    /// Scans a <c>content</c> value (a string or an array of blocks); the reader is on its first token.
    /// </summary>
    /// <returns>Whether it holds text of its own (not inside a nested tool result).</returns>
    private bool ScanContent(int nesting)
    {
        switch (_reader.TokenType)
        {
            case JsonTokenType.String:
                AddText();
                return _reader.ValueSpan.Length > 0;
            case JsonTokenType.StartArray:
                var hasText = false;
                while (Next() != JsonTokenType.EndArray)
                {
                    hasText |= ScanBlock(nesting);
                }

                return hasText;
            default:
                _reader.Skip();
                return false;
        }
    }

    private bool ScanBlock(int nesting)
    {
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            _reader.Skip();
            return false;
        }

        bool hasText = false, isImage = false, isThinking = false, isRedacted = false, hasSignature = false;
        while (Next() == JsonTokenType.PropertyName)
        {
            if (Is("type"u8))
            {
                if (Next() == JsonTokenType.String)
                {
                    isImage = Is("image"u8) || Is("image_url"u8) || Is("input_image"u8);
                    isThinking = Is("thinking"u8);
                    isRedacted = Is("redacted_thinking"u8);
                }

                _reader.Skip();
            }
            else if (Is("text"u8))
            {
                if (Next() == JsonTokenType.String)
                {
                    AddText();
                    hasText |= _reader.ValueSpan.Length > 0;
                }

                _reader.Skip();
            }
            else if (Is("content"u8))
            {
                // An Anthropic tool_result: its text is prompt text, but not the user's own words.
                Next();
                if (nesting < MaxContentNesting)
                {
                    _ = ScanContent(nesting + 1);
                }
                else
                {
                    _reader.Skip();
                }
            }
            else if (Is("input"u8))
            {
                // An Anthropic tool_use block's arguments.
                Next();
                AddRawBytes();
            }
            else if (Is("signature"u8))
            {
                hasSignature = Next() == JsonTokenType.String && _reader.ValueSpan.Length > 0;
                _reader.Skip();
            }
            else
            {
                SkipValue();
            }
        }

        _hasImages |= isImage;
        _hasSignedThinking |= isRedacted || (isThinking && hasSignature);
        return hasText;
    }

    private void ScanAnthropicThinking()
    {
        if (Next() != JsonTokenType.StartObject)
        {
            _reader.Skip();
            return;
        }

        bool requested = false;
        int? budget = null;
        while (Next() == JsonTokenType.PropertyName)
        {
            if (Is("type"u8))
            {
                requested = Next() == JsonTokenType.String && (Is("enabled"u8) || Is("adaptive"u8));
                _reader.Skip();
            }
            else if (Is("budget_tokens"u8))
            {
                budget = ReadInt();
            }
            else
            {
                SkipValue();
            }
        }

        // A budget only means something while thinking is on (the type may follow the budget).
        _thinkingRequested = requested;
        _thinkingBudget = requested ? budget : null;
    }

    /// <summary>Reads <c>effort</c> from Anthropic's <c>output_config</c> or Responses' <c>reasoning</c>.</summary>
    /// <param name="requests">Whether the object's presence asks for reasoning (Responses) unless its effort is <c>none</c>.</param>
    private void ScanEffortObject(bool requests)
    {
        if (Next() != JsonTokenType.StartObject)
        {
            _reader.Skip();
            return;
        }

        string? effort = null;
        while (Next() == JsonTokenType.PropertyName)
        {
            if (Is("effort"u8))
            {
                effort = ReadEffort();
            }
            else
            {
                SkipValue();
            }
        }

        _effort = effort;
        if (requests)
        {
            _thinkingRequested = effort is not "none";
        }
    }

    private void ScanMetadata()
    {
        if (Next() != JsonTokenType.StartObject)
        {
            _reader.Skip();
            return;
        }

        while (Next() == JsonTokenType.PropertyName)
        {
            if (!Is("user_id"u8))
            {
                SkipValue();
            }
            else if (Next() == JsonTokenType.String)
            {
                _metadataSessionId = SessionIdFromUserId();
            }
            else
            {
                _reader.Skip();
            }
        }
    }

    private string? SessionIdFromUserId()
    {
        var raw = _reader.ValueSpan;
        if (raw.Length == 0 || raw.Length > MaxUserIdBytes)
        {
            return null;
        }

        if (!_reader.ValueIsEscaped)
        {
            return ClaudeCodeUserId.SessionId(raw);
        }

        // The JSON form arrives escaped ("{\"session_id\":...}"); unescaping never lengthens it.
        Span<byte> buffer = stackalloc byte[MaxUserIdBytes];
        var length = _reader.CopyString(buffer);
        return ClaudeCodeUserId.SessionId(buffer[..length]);
    }

    private void AddText()
    {
        var raw = _reader.ValueSpan;
        _estimateBytes += raw.Length;
        _promptChars += _reader.ValueIsEscaped ? CountEscapedChars(raw) : Encoding.UTF8.GetCharCount(raw);
    }

    /// <summary>Adds the size of the value the reader is on (a tool definition or tool-call arguments) to the estimate.</summary>
    private void AddRawBytes()
    {
        if (_reader.TokenType == JsonTokenType.String)
        {
            _estimateBytes += _reader.ValueSpan.Length;
            return;
        }

        var start = _reader.TokenStartIndex;
        _reader.Skip();
        _estimateBytes += _reader.BytesConsumed - start;
    }

    /// <summary>Decodes the text of the last user message with text, keeping its end (see the extractor's remarks).</summary>
    private readonly string? LastUserText()
    {
        if (_lastUserStart < 0)
        {
            return null;
        }

        // Only the end of the text is kept, so only the end is decoded: a huge prompt costs no copy of itself.
        using var text = new TextTail(RequestFeatureExtractor.MaxLastUserTextLength);
        var reader = new Utf8JsonReader(_body.Slice(_lastUserStart, _lastUserLength), _options);
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            AppendText(ref reader, text);
        }
        else
        {
            AppendMessageText(ref reader, text);
        }

        return text.ToString();
    }

    private static void AppendMessageText(ref Utf8JsonReader reader, TextTail text)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                AppendText(ref reader, text);
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isText = reader.ValueTextEquals("text"u8);
                    reader.Read();
                    if (isText && reader.TokenType == JsonTokenType.String)
                    {
                        AppendText(ref reader, text);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
        }
    }

    private static void AppendText(ref Utf8JsonReader reader, TextTail text)
    {
        var raw = reader.ValueSpan;
        if (raw.Length == 0)
        {
            return;
        }

        if (!text.IsEmpty)
        {
            text.Append('\n');
        }

        text.AppendJsonString(raw, reader.ValueIsEscaped);
    }
}
