using System.Globalization;
using System.Text.Json;

namespace FlowGate.Routing.Protocols.Answers;

/// <summary>
/// Puts tool calls back in the client's terms: wire names mapped back through <see cref="TranslationContext.ToolNames"/>,
/// an empty name replaced by <c>tool_{n}</c> (dropping the call would send Claude Code into retry loops; CLIProxyAPI
/// <c>emitBelatedToolUseStart</c>), and the <c>{"input": "…"}</c> wrapper of Codex <c>custom</c> tools removed.
/// </summary>
internal static class ClientTools
{
    /// <summary>Gets the client's name for a wire name.</summary>
    /// <param name="context">The translation context.</param>
    /// <param name="wireName">The name the upstream used.</param>
    /// <param name="ordinal">The call's ordinal in the answer (for the synthetic name).</param>
    /// <returns>The client's name.</returns>
    public static string Name(TranslationContext context, string? wireName, int ordinal)
    {
        if (string.IsNullOrEmpty(wireName))
        {
            return string.Create(CultureInfo.InvariantCulture, $"tool_{ordinal}");
        }

        return context.ToolNames.TryGetValue(wireName, out var clientName) ? clientName : wireName;
    }

    /// <summary>Gets whether a call (by client name) is a wrapped custom tool, for a Responses client.</summary>
    /// <param name="context">The translation context.</param>
    /// <param name="clientName">The client's tool name.</param>
    /// <returns>Whether the call becomes a <c>custom_tool_call</c>.</returns>
    public static bool IsCustom(TranslationContext context, string clientName) =>
        context.Client == ClientProtocol.OpenAIResponses && context.WrappedTools.Count > 0 && context.WrappedTools.Contains(clientName);

    /// <summary>Takes the raw input out of <c>{"input": "…"}</c>; anything else is returned as it is.</summary>
    /// <param name="arguments">The arguments JSON.</param>
    /// <returns>The custom tool's raw input.</returns>
    public static string Unwrap(ReadOnlySpan<byte> arguments)
    {
        try
        {
            var reader = new Utf8JsonReader(arguments);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                string? input = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isInput = reader.ValueTextEquals("input"u8);
                    _ = reader.Read();
                    if (isInput && reader.TokenType == JsonTokenType.String)
                    {
                        input = reader.GetString();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                if (input is not null)
                {
                    return input;
                }
            }
        }
        catch (JsonException)
        {
            // Not the wrapper: pass the text through.
        }

        return System.Text.Encoding.UTF8.GetString(arguments);
    }
}
