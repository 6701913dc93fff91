using System.Text.Json;

namespace FlowGate.Routing.Rewriting;

/// <summary>
/// Reads a request body once with <see cref="Utf8JsonReader"/> (which validates all of it) and records where the
/// members the rewriter needs are. Values it does not need are skipped, not materialised.
/// </summary>
internal static class RequestScanner
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = RequestRewriter.MaxDepth };

    public static void Scan(ReadOnlySpan<byte> body, ClientProtocol protocol, ReadOnlySpan<string> drop, RequestShape shape)
    {
        shape.Reset();
        var reader = new Utf8JsonReader(body, Options);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw InvalidRequestBodyException.NotAnObject(reader.TokenStartIndex);
            }

            shape.ObjectStart = (int)reader.TokenStartIndex;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var member = default(JsonMember);
                member.NameStart = (int)reader.TokenStartIndex;
                member.DropIndex = DropIndex(ref reader, drop);
                member.Removed = member.DropIndex >= 0;
                var field = Classify(ref reader, protocol);
                if (field != BodyField.Other && shape.IndexOf(field) >= 0)
                {
                    throw InvalidRequestBodyException.Duplicate(RewriteNames.Of(field), member.NameStart);
                }

                ReadValue(ref reader, ref member, field, shape);
                var index = shape.Add(member);
                if (field != BodyField.Other)
                {
                    shape.SetIndex(field, index);
                }
            }

            // Makes the reader reject anything but whitespace after the object.
            _ = reader.Read();
        }
        catch (JsonException e)
        {
            throw InvalidRequestBodyException.Malformed(reader.BytesConsumed, e);
        }
    }

    private static void ReadValue(ref Utf8JsonReader reader, ref JsonMember member, BodyField field, RequestShape shape)
    {
        reader.Read();
        member.ValueStart = (int)reader.TokenStartIndex;
        member.Kind = reader.TokenType;
        if (member.Kind == JsonTokenType.Number)
        {
            member.Number = ReadNumber(ref reader);
        }
        else if (member.Kind == JsonTokenType.StartObject && field is BodyField.Thinking)
        {
            ScanThinking(ref reader, shape);
        }
        else if (member.Kind == JsonTokenType.StartObject && field is BodyField.Reasoning or BodyField.OutputConfig)
        {
            ScanEffortObject(ref reader, shape, field);
        }
        else
        {
            reader.Skip();
        }

        member.ValueEnd = (int)reader.BytesConsumed;
    }

    private static void ScanThinking(ref Utf8JsonReader reader, RequestShape shape)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameStart = (int)reader.TokenStartIndex;
            if (reader.ValueTextEquals("type"u8))
            {
                var type = ReadChild(ref reader, nameStart, shape.ThinkingType, "thinking.type");
                shape.ThinkingEnabled = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("enabled"u8);
                reader.Skip();
                type.ValueEnd = (int)reader.BytesConsumed;
                shape.ThinkingType = type;
            }
            else if (reader.ValueTextEquals("budget_tokens"u8))
            {
                var budget = ReadChild(ref reader, nameStart, shape.BudgetTokens, "thinking.budget_tokens");
                reader.Skip();
                budget.ValueEnd = (int)reader.BytesConsumed;
                shape.BudgetTokens = budget;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }

            shape.ThinkingLastEnd = (int)reader.BytesConsumed;
        }
    }

    private static void ScanEffortObject(ref Utf8JsonReader reader, RequestShape shape, BodyField field)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameStart = (int)reader.TokenStartIndex;
            if (reader.ValueTextEquals("effort"u8))
            {
                var path = field == BodyField.Reasoning ? "reasoning.effort" : "output_config.effort";
                var effort = ReadChild(ref reader, nameStart, shape.NestedEffort, path);
                reader.Skip();
                effort.ValueEnd = (int)reader.BytesConsumed;
                shape.NestedEffort = effort;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }

            shape.EffortObjectLastEnd = (int)reader.BytesConsumed;
        }
    }

    /// <summary>Moves to the value of a nested member and fills in everything but its end.</summary>
    private static JsonMember ReadChild(ref Utf8JsonReader reader, int nameStart, JsonMember previous, string path)
    {
        if (previous.Exists)
        {
            throw InvalidRequestBodyException.Duplicate(path, nameStart);
        }

        reader.Read();
        var child = default(JsonMember);
        child.NameStart = nameStart;
        child.ValueStart = (int)reader.TokenStartIndex;
        child.Kind = reader.TokenType;
        child.DropIndex = -1;
        if (child.Kind == JsonTokenType.Number)
        {
            child.Number = ReadNumber(ref reader);
        }

        return child;
    }

    private static double ReadNumber(ref Utf8JsonReader reader) =>
        reader.TryGetDouble(out var value) ? value
        : reader.ValueSpan[0] == (byte)'-' ? double.NegativeInfinity : double.PositiveInfinity;

    private static BodyField Classify(ref Utf8JsonReader reader, ClientProtocol protocol)
    {
        if (reader.ValueTextEquals("model"u8))
        {
            return BodyField.Model;
        }

        return protocol switch
        {
            ClientProtocol.AnthropicMessages =>
                reader.ValueTextEquals("max_tokens"u8) ? BodyField.MaxTokens
                : reader.ValueTextEquals("thinking"u8) ? BodyField.Thinking
                : reader.ValueTextEquals("output_config"u8) ? BodyField.OutputConfig
                : BodyField.Other,
            ClientProtocol.OpenAIChat =>
                reader.ValueTextEquals("max_tokens"u8) ? BodyField.MaxTokens
                : reader.ValueTextEquals("max_completion_tokens"u8) ? BodyField.MaxCompletionTokens
                : reader.ValueTextEquals("reasoning_effort"u8) ? BodyField.ReasoningEffort
                : BodyField.Other,
            ClientProtocol.OpenAIResponses =>
                reader.ValueTextEquals("max_output_tokens"u8) ? BodyField.MaxOutputTokens
                : reader.ValueTextEquals("reasoning"u8) ? BodyField.Reasoning
                : BodyField.Other,
            _ => BodyField.Other,
        };
    }

    private static int DropIndex(ref Utf8JsonReader reader, ReadOnlySpan<string> drop)
    {
        for (var i = 0; i < drop.Length; i++)
        {
            if (reader.ValueTextEquals(drop[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
