using System.Text;
using System.Text.Json;

namespace FlowGate.MockUpstream;

/// <summary>One request as the mock received it, for tests to assert on (credentials, rewritten <c>model</c>, tool results…).</summary>
public sealed class ReceivedRequest
{
    private int _clientAborted;

    /// <summary>Gets the HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>Gets the path, without the query.</summary>
    public required string Path { get; init; }

    /// <summary>Gets the query string with its leading <c>?</c>, or empty.</summary>
    public required string Query { get; init; }

    /// <summary>Gets the path and query as sent.</summary>
    public string PathAndQuery => Path + Query;

    /// <summary>Gets the request headers (names case-insensitive; repeated headers joined with <c>", "</c>).</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>Gets the raw request body.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Gets the endpoint the request was matched to.</summary>
    public required MockEndpoint Endpoint { get; init; }

    /// <summary>Gets the id attempts are counted under.</summary>
    public required string RequestId { get; init; }

    /// <summary>Gets the attempt number of <see cref="RequestId"/> this request was (1 for the first).</summary>
    public required int Attempt { get; init; }

    /// <summary>Gets the <c>model</c> of the body, if it had one.</summary>
    public string? Model { get; internal set; }

    /// <summary>Gets why strict mode refused the request (the real API's message), or null when it was accepted.</summary>
    public string? StrictViolation { get; internal set; }

    /// <summary>Gets the time the request arrived.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Gets a value indicating whether the client went away before the mock finished answering.</summary>
    public bool ClientAborted => Volatile.Read(ref _clientAborted) != 0;

    /// <summary>Gets the body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    /// <summary>Gets a header value, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Parses the body as JSON (a clone, so no document needs disposing).</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Method} {PathAndQuery} ({Endpoint}, {RequestId} #{Attempt})";

    internal void MarkClientAborted() => Volatile.Write(ref _clientAborted, 1);
}
