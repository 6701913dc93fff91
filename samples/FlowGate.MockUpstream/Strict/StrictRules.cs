using System.Text.Json;

namespace FlowGate.MockUpstream.Strict;

/// <summary>
/// The mock's strict mode: what the real Messages, Chat Completions and Responses APIs refuse, refused the same way
/// (status and error shape). The rules, and where each comes from, are listed in <c>docs/translation.md</c>.
/// </summary>
internal static class StrictRules
{
    /// <summary>Checks a request; null when a real API would accept it.</summary>
    /// <param name="endpoint">The endpoint asked.</param>
    /// <param name="headers">The request's headers.</param>
    /// <param name="root">The parsed body.</param>
    /// <param name="signaturePrefix">What this mock's thinking signatures and encrypted reasoning start with.</param>
    public static StrictViolation? Check(MockEndpoint endpoint, IHeaderDictionary headers, JsonElement root, string signaturePrefix) => endpoint switch
    {
        MockEndpoint.Messages or MockEndpoint.CountTokens => MessagesRules.Check(headers, root, signaturePrefix, countTokens: endpoint == MockEndpoint.CountTokens),
        MockEndpoint.ChatCompletions => ChatRules.Check(headers, root),
        MockEndpoint.Responses => ResponsesRules.Check(headers, root, signaturePrefix),
        _ => null,
    };

    /// <summary>The OpenAI APIs' answer to a request without a key.</summary>
    public static StrictViolation? OpenAIKey(IHeaderDictionary headers) =>
        headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && headers.Authorization.ToString().Length > 7
            ? null
            : new StrictViolation(
                401,
                "invalid_request_error",
                "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                null,
                null);
}
