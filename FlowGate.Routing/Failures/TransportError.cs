namespace FlowGate.Routing.Failures;

/// <summary>How an attempt failed below HTTP, before a status line or before the first stream event arrived.</summary>
/// <remarks>Every value but <see cref="None"/> classifies as <see cref="FailureClass.Transient"/>; the kinds are kept apart for logs and metrics.</remarks>
internal enum TransportError
{
    /// <summary>No transport error: the upstream answered with a status line.</summary>
    None,

    /// <summary>The TCP connection could not be made (refused, unreachable, connect timeout).</summary>
    Connect,

    /// <summary>The upstream host name did not resolve.</summary>
    NameResolution,

    /// <summary>The TLS handshake failed.</summary>
    Tls,

    /// <summary>The connection was reset or closed before the answer was complete enough to use.</summary>
    Reset,

    /// <summary>No first byte (status line, or first stream event) arrived within the per-attempt timeout.</summary>
    Timeout,

    /// <summary>A stream went silent for longer than the idle timeout before its first event.</summary>
    IdleTimeout,

    /// <summary>The upstream broke HTTP or SSE framing (malformed status line, headers or first event).</summary>
    Protocol,
}
