namespace FlowGate.Routing.AspNetCore.Errors;

/// <summary>What went wrong, independent of the client's protocol; <see cref="ClientErrors"/> spells it per protocol with its status.</summary>
internal enum ErrorKind
{
    /// <summary>400: malformed JSON, a missing <c>model</c>, a body the gateway cannot route.</summary>
    InvalidRequest,

    /// <summary>401: a missing or wrong gateway key.</summary>
    Authentication,

    /// <summary>403: not allowed (for example a remote client when no gateway key is configured).</summary>
    Permission,

    /// <summary>404: an unknown model or path.</summary>
    NotFound,

    /// <summary>405: a known path with the wrong method.</summary>
    MethodNotAllowed,

    /// <summary>413: the body is larger than the limit.</summary>
    RequestTooLarge,

    /// <summary>408: the body arrived slower than the minimum rate.</summary>
    RequestTimeout,

    /// <summary>415: the body is not JSON.</summary>
    UnsupportedMediaType,

    /// <summary>429: the gateway itself is at its concurrency limit.</summary>
    RateLimited,

    /// <summary>503 (Anthropic: 529-style overloaded): no target can take the request now.</summary>
    Overloaded,

    /// <summary>502: every upstream attempt failed.</summary>
    BadGateway,

    /// <summary>504: the request's deadline passed.</summary>
    Timeout,

    /// <summary>500: a fault in the gateway itself.</summary>
    Internal,

    /// <summary>501: the route's upstream speaks a protocol this gateway cannot translate to.</summary>
    NotImplemented,

    /// <summary>503 in every protocol: the gateway's own budget (bodies held in memory) is spent; retry shortly.</summary>
    Busy,
}
