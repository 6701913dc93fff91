using System.Globalization;
using System.Text.Json;

namespace FlowGate.Routing;

/// <summary>
/// Thrown when a request body cannot be rewritten because it is not a single JSON object within the depth limit,
/// or because a member the rewriter must edit appears twice. The gateway answers it with 400. The message says what
/// is wrong and at which byte, and never quotes the body beyond a character or two.
/// </summary>
internal sealed class InvalidRequestBodyException : FormatException
{
    private const int MaxReaderMessageLength = 160;

    /// <summary>Initializes a new instance of the <see cref="InvalidRequestBodyException"/> class.</summary>
    public InvalidRequestBodyException()
        : base("The request body is not a valid JSON object.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidRequestBodyException"/> class.</summary>
    /// <param name="message">What is wrong with the body.</param>
    public InvalidRequestBodyException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidRequestBodyException"/> class.</summary>
    /// <param name="message">What is wrong with the body.</param>
    /// <param name="innerException">The parser's exception.</param>
    public InvalidRequestBodyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private InvalidRequestBodyException(string message, long byteOffset, Exception? innerException)
        : base(message, innerException) => ByteOffset = byteOffset;

    /// <summary>Gets the zero-based byte offset in the body where the problem was found, when known.</summary>
    public long? ByteOffset { get; }

    internal static InvalidRequestBodyException Malformed(long byteOffset, JsonException inner)
    {
        var detail = inner.Message;
        if (detail.Length > MaxReaderMessageLength)
        {
            detail = string.Concat(detail.AsSpan(0, MaxReaderMessageLength), "…");
        }

        return new(
            string.Create(CultureInfo.InvariantCulture, $"The request body is not valid JSON (near byte {byteOffset}): {detail}"),
            byteOffset,
            inner);
    }

    internal static InvalidRequestBodyException NotAnObject(long byteOffset) => new(
        string.Create(CultureInfo.InvariantCulture, $"The request body must be a JSON object (byte {byteOffset})."),
        byteOffset,
        null);

    internal static InvalidRequestBodyException Duplicate(string path, long byteOffset) => new(
        string.Create(
            CultureInfo.InvariantCulture,
            $"The request body has more than one '{path}' member (the second at byte {byteOffset}); upstreams disagree on which one counts, so the body is refused."),
        byteOffset,
        null);
}
