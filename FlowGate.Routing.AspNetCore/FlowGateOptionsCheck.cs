namespace FlowGate.Routing.AspNetCore;

/// <summary>Checks <see cref="FlowGateOptions"/> at start-up and on every change: a limit, when set, must be positive.</summary>
internal static class FlowGateOptionsCheck
{
    /// <summary>The message of a failed check.</summary>
    public const string Message = "FlowGate options: MaxRequestBodyBytes, MaxBufferedBodyBytes, RequestTimeout, FirstByteTimeout, StreamIdleTimeout and MaxConcurrentRequests must be positive when set.";

    /// <summary>Tells whether every limit set is positive.</summary>
    /// <param name="options">The options.</param>
    /// <returns><see langword="true"/> when they are usable.</returns>
    public static bool IsValid(FlowGateOptions options) =>
        options.MaxRequestBodyBytes is null or > 0
        && options.MaxBufferedBodyBytes is null or > 0
        && Positive(options.RequestTimeout)
        && Positive(options.FirstByteTimeout)
        && Positive(options.StreamIdleTimeout)
        && options.MaxConcurrentRequests is null or > 0;

    private static bool Positive(TimeSpan? value) => value is not { } set || set > TimeSpan.Zero;
}
