using FlowGate.Routing.Failures;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>How one upstream attempt ended.</summary>
internal enum AttemptResultKind
{
    /// <summary>The answer reached the client in full.</summary>
    Succeeded,

    /// <summary>The answer had started reaching the client when the upstream failed; it ended with a protocol error. Never retried.</summary>
    FailedAfterCommit,

    /// <summary>The attempt failed before anything reached the client; <see cref="AttemptOutcome.Failure"/> says why.</summary>
    Failed,

    /// <summary>The target speaks a protocol the client's request cannot be translated to (yet).</summary>
    Untranslatable,

    /// <summary>The client went away; the upstream call was cancelled.</summary>
    Canceled,
}

/// <summary>The result of one attempt, and whether another attempt should follow.</summary>
internal sealed record AttemptOutcome
{
    public required AttemptResultKind Kind { get; init; }

    /// <summary>Gets the classification of a failed attempt.</summary>
    public FailureClassification? Failure { get; init; }

    /// <summary>Gets the upstream's status, when it answered.</summary>
    public int? Status { get; init; }

    /// <summary>Gets the upstream's error body (bounded), kept to hand to the client unchanged when it is the last word.</summary>
    public byte[]? ErrorBody { get; init; }

    /// <summary>Gets the upstream's content type of <see cref="ErrorBody"/>.</summary>
    public string? ErrorContentType { get; init; }

    /// <summary>Gets the transport error, when the upstream did not answer.</summary>
    public TransportError Transport { get; init; }

    /// <summary>Gets a value indicating whether the plan has another attempt to make (set by the exchange).</summary>
    public bool Retry { get; init; }

    /// <summary>Gets how long to wait before that attempt.</summary>
    public TimeSpan RetryDelay { get; init; }

    public static AttemptOutcome Succeeded { get; } = new() { Kind = AttemptResultKind.Succeeded };

    public static AttemptOutcome Canceled { get; } = new() { Kind = AttemptResultKind.Canceled };

    public static AttemptOutcome FailedAfterCommit { get; } = new() { Kind = AttemptResultKind.FailedAfterCommit };
}
