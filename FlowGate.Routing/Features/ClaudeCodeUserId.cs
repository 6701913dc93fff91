using System.Text;
using System.Text.Json;

namespace FlowGate.Routing.Features;

/// <summary>
/// Finds the session id in Claude Code's <c>metadata.user_id</c>, which has had two forms: a JSON object in a
/// string (<c>{"device_id":…,"account_uuid":…,"session_id":"…"}</c>, current) and
/// <c>user_&lt;hash&gt;_account_&lt;uuid&gt;_session_&lt;uuid&gt;</c> (older releases).
/// </summary>
internal static class ClaudeCodeUserId
{
    private static readonly JsonReaderOptions NestedOptions = new() { MaxDepth = 8 };

    /// <summary>Gets the session id of an unescaped <c>user_id</c> value.</summary>
    /// <param name="userId">The value as UTF-8, unescaped.</param>
    /// <returns>The session id, or <see langword="null"/> when the value has none (any other <c>user_id</c> is not a session).</returns>
    public static string? SessionId(ReadOnlySpan<byte> userId)
    {
        userId = userId.Trim(" \t\r\n"u8);
        if (userId.IsEmpty)
        {
            return null;
        }

        if (userId[0] == (byte)'{')
        {
            return FromJson(userId);
        }

        if (!userId.StartsWith("user_"u8))
        {
            return null;
        }

        var marker = userId.LastIndexOf("_session_"u8);
        if (marker < 0)
        {
            return null;
        }

        var session = userId[(marker + "_session_"u8.Length)..];
        return session.IsEmpty ? null : Encoding.UTF8.GetString(session);
    }

    private static string? FromJson(ReadOnlySpan<byte> json)
    {
        // The value is the client's, not the request's structure: a malformed one just has no session id, it
        // does not make the request invalid.
        try
        {
            var reader = new Utf8JsonReader(json, NestedOptions);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSession = reader.ValueTextEquals("session_id"u8);
                reader.Read();
                if (isSession)
                {
                    return reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0 ? reader.GetString() : null;
                }

                reader.Skip();
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
