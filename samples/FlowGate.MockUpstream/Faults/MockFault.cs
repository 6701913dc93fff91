using System.Globalization;

namespace FlowGate.MockUpstream.Faults;

/// <summary>
/// A parsed fault spec: what the mock does instead of (or while) answering normally. Specs are
/// <c>item(;item)*</c> (<c>,</c> also separates), each <c>name</c> or <c>name:value</c>:
/// <list type="bullet">
/// <item><c>status:CODE</c> — answer CODE with a protocol-correct error body; <c>message:TEXT</c> overrides its message.</item>
/// <item><c>retry-after:SECONDS</c> / <c>retry-after-date:SECONDS</c> — a <c>Retry-After</c> header as seconds or as an HTTP date that far ahead.</item>
/// <item><c>context</c> — 400 context_length_exceeded / "prompt is too long"; <c>signature</c> — 400 naming the thinking signature.</item>
/// <item><c>slow-headers:MS</c> — wait before sending anything.</item>
/// <item><c>reset-before-headers</c>, <c>reset-after-bytes:N</c> — abort the connection.</item>
/// <item><c>stall-after:N</c>, <c>cut-after:N</c>, <c>malformed-after:N</c> — after N stream events: go silent, end without the terminator, send <c>data: {not json</c>.</item>
/// <item><c>first-event-error</c> — the stream's first event is an error event.</item>
/// <item><c>redirect</c> — 302 to the same path under <c>/redirected</c> on the mock.</item>
/// <item><c>times:N</c> — fail only the first N attempts of the request id (like <c>x-mock-fault-times</c>).</item>
/// <item><c>none</c> — no fault.</item>
/// </list>
/// </summary>
public sealed record MockFault
{
    /// <summary>The fault that does nothing.</summary>
    public static readonly MockFault None = new();

    /// <summary>Gets the status code to answer with, or null.</summary>
    public int? Status { get; init; }

    /// <summary>Gets the error message that replaces the default one.</summary>
    public string? Message { get; init; }

    /// <summary>Gets the <c>Retry-After</c> delay in seconds, or null.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Gets a value indicating whether <c>Retry-After</c> is sent as an HTTP date.</summary>
    public bool RetryAfterAsDate { get; init; }

    /// <summary>Gets a value indicating whether the answer is a context-window error.</summary>
    public bool Context { get; init; }

    /// <summary>Gets a value indicating whether the answer is an invalid-thinking-signature error.</summary>
    public bool Signature { get; init; }

    /// <summary>Gets the delay before the response headers, in milliseconds.</summary>
    public int? SlowHeadersMs { get; init; }

    /// <summary>Gets a value indicating whether the connection is aborted before any response.</summary>
    public bool ResetBeforeHeaders { get; init; }

    /// <summary>Gets the number of body bytes after which the connection is aborted.</summary>
    public int? ResetAfterBytes { get; init; }

    /// <summary>Gets the number of events after which the stream goes silent (connection kept open).</summary>
    public int? StallAfter { get; init; }

    /// <summary>Gets the number of events after which the stream ends cleanly without its terminator.</summary>
    public int? CutAfter { get; init; }

    /// <summary>Gets the number of events after which a malformed event is sent.</summary>
    public int? MalformedAfter { get; init; }

    /// <summary>Gets a value indicating whether the stream starts with an error event.</summary>
    public bool FirstEventError { get; init; }

    /// <summary>Gets a value indicating whether the answer is a 302 redirect.</summary>
    public bool Redirect { get; init; }

    /// <summary>Gets the number of attempts of a request id that fail; null means all.</summary>
    public int? Times { get; init; }

    /// <summary>Gets a value indicating whether this fault changes anything.</summary>
    public bool IsNone => this == None || this == (None with { Times = Times });

    /// <summary>Gets a value indicating whether the fault answers with an error status before any reply.</summary>
    public bool IsErrorStatus => Status is not null || Context || Signature;

    /// <summary>Parses a fault spec; see the type's remarks for the grammar.</summary>
    /// <exception cref="FormatException">The spec names an unknown fault or has a bad value.</exception>
    public static MockFault Parse(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            return None;
        }

        var fault = None;
        foreach (var raw in spec.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            var name = (colon < 0 ? raw : raw[..colon]).Trim().ToLowerInvariant();
            var value = colon < 0 ? null : raw[(colon + 1)..].Trim();
            fault = name switch
            {
                "none" => fault,
                "status" => fault with { Status = Number(name, value, 100, 599) },
                "message" => fault with { Message = value ?? throw Bad(name, value) },
                "retry-after" => fault with { RetryAfterSeconds = Number(name, value, 0, int.MaxValue), RetryAfterAsDate = false },
                "retry-after-date" => fault with { RetryAfterSeconds = value is null ? 1 : Number(name, value, 0, int.MaxValue), RetryAfterAsDate = true },
                "context" => fault with { Context = true },
                "signature" => fault with { Signature = true },
                "slow-headers" => fault with { SlowHeadersMs = Number(name, value, 0, int.MaxValue) },
                "reset-before-headers" => fault with { ResetBeforeHeaders = true },
                "reset-after-bytes" => fault with { ResetAfterBytes = Number(name, value, 0, int.MaxValue) },
                "stall-after" => fault with { StallAfter = Number(name, value, 0, int.MaxValue) },
                "cut-after" => fault with { CutAfter = Number(name, value, 0, int.MaxValue) },
                "malformed-after" => fault with { MalformedAfter = Number(name, value, 0, int.MaxValue) },
                "first-event-error" => fault with { FirstEventError = true },
                "redirect" => fault with { Redirect = true },
                "times" => fault with { Times = Number(name, value, 0, int.MaxValue) },
                _ => throw new FormatException($"unknown mock fault '{name}' in '{spec}'"),
            };
        }

        return fault;
    }

    /// <summary>Parses a spec, returning false and an error message instead of throwing.</summary>
    public static bool TryParse(string? spec, out MockFault fault, out string? error)
    {
        try
        {
            fault = Parse(spec);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            fault = None;
            error = e.Message;
            return false;
        }
    }

    private static int Number(string name, string? value, int min, int max)
    {
        if (value is null || !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw Bad(name, value);
        }

        return number;
    }

    private static FormatException Bad(string name, string? value) =>
        new(value is null ? $"mock fault '{name}' needs a value ('{name}:VALUE')" : $"mock fault '{name}' has a bad value '{value}'");
}
