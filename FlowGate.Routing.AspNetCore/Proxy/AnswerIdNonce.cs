using System.Security.Cryptography;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// The per-request part of translated answer ids, so that two answers never share a message or item id even when the
/// upstream omits its id or repeats it (see <see cref="Protocols.TranslationContext.AnswerIdSuffix"/>).
/// </summary>
internal static class AnswerIdNonce
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Draws 12 characters of <c>[a-z0-9]</c> (about 62 bits).</summary>
    public static string Next() => RandomNumberGenerator.GetString(Alphabet, 12);
}
