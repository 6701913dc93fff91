using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace FlowGate.Routing.AspNetCore.Tokens;

/// <summary>
/// Counts the input tokens of an Anthropic Messages request as an OpenAI-family upstream would bill them: the
/// o200k_base encoding (the tokenizer of GPT-4o, GPT-4.1, GPT-5 and o-series models, loaded from the
/// Microsoft.ML.Tokenizers.Data.O200kBase package, never from the network) over the text the upstream receives, plus
/// the chat format's fixed cost of 3 tokens per message and 3 to prime the reply.
/// </summary>
/// <remarks>
/// Counted: the system prompt, each message's role and text, tool calls (name and argument JSON), tool results, and
/// each tool definition (name, description, input schema JSON). Not counted: thinking blocks (dropped on the way to an
/// OpenAI-family upstream) and images (billed by size, not by text). The tokenizer is built once, on first use, so
/// only <c>count_tokens</c> pays for it; routing rules keep the core's byte-based estimate.
/// </remarks>
internal static class O200kTokenCounter
{
    /// <summary>The encoding's name, also the value of the <c>x-flowgate-token-count</c> header.</summary>
    public const string Encoding = "o200k_base";

    private const int PerMessage = 3;
    private const int ReplyPriming = 3;

    private static readonly Lazy<Tokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForEncoding(Encoding), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Counts the tokens of a Messages request body.</summary>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public static int Count(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        long total = ReplyPriming;
        if (root.TryGetProperty("system", out var system))
        {
            total += PerMessage + Text("system") + Content(system);
        }

        if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                total += PerMessage;
                if (message.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                if (message.TryGetProperty("role", out var role))
                {
                    total += Content(role);
                }

                if (message.TryGetProperty("content", out var content))
                {
                    total += Content(content);
                }
            }
        }

        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            foreach (var tool in tools.EnumerateArray())
            {
                total += Member(tool, "name") + Member(tool, "description") + Raw(tool, "input_schema");
            }
        }

        return (int)Math.Min(total, int.MaxValue);
    }

    private static long Content(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => Text(content.GetString()),
        JsonValueKind.Array => content.EnumerateArray().Sum(Block),
        _ => 0,
    };

    private static long Block(JsonElement block)
    {
        if (block.ValueKind == JsonValueKind.String)
        {
            return Text(block.GetString());
        }

        if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type", out var type))
        {
            return 0;
        }

        return type.GetString() switch
        {
            "text" => Member(block, "text"),
            "tool_use" or "server_tool_use" => Member(block, "name") + Raw(block, "input"),
            "tool_result" => block.TryGetProperty("content", out var result) ? Content(result) : 0,
            "document" => block.TryGetProperty("source", out var source) ? Member(source, "data") : 0,
            _ => 0,
        };
    }

    private static long Member(JsonElement holder, string name) =>
        holder.ValueKind == JsonValueKind.Object && holder.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? Text(value.GetString())
            : 0;

    private static long Raw(JsonElement holder, string name) =>
        holder.ValueKind == JsonValueKind.Object && holder.TryGetProperty(name, out var value) ? Text(value.GetRawText()) : 0;

    private static long Text(string? text) => string.IsNullOrEmpty(text) ? 0 : Tokenizer.Value.CountTokens(text);
}
