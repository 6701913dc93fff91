namespace FlowGate.MockUpstream;

/// <summary>The request and response headers the mock understands or sets.</summary>
public static class MockHeaders
{
    /// <summary>Request: the id attempts are counted under; without it, a hash of the body.</summary>
    public const string RequestId = "x-mock-request-id";

    /// <summary>Request: the fault spec for this request (see <see cref="Faults.MockFault.Parse"/>).</summary>
    public const string Fault = "x-mock-fault";

    /// <summary>Request: fail only the first N attempts of this request id, then answer normally.</summary>
    public const string FaultTimes = "x-mock-fault-times";

    /// <summary>Request: milliseconds between stream events.</summary>
    public const string PaceMs = "x-mock-pace-ms";

    /// <summary>Request: how many deltas the reply text is split into.</summary>
    public const string Deltas = "x-mock-deltas";

    /// <summary>Request: answer with a call of this tool (<c>NAME</c>, <c>NAME {json}</c> or <c>*</c>), like the <c>[[tool:NAME]]</c> marker.</summary>
    public const string Tool = "x-mock-tool";

    /// <summary>Request: the exact reply text instead of the echo.</summary>
    public const string Text = "x-mock-text";

    /// <summary>Request: the usage to report, <c>input,output,cache_read,cache_write,reasoning</c> (input without the cached tokens).</summary>
    public const string Usage = "x-mock-usage";

    /// <summary>Response: the attempt number of this request id (1 for the first).</summary>
    public const string Attempt = "x-mock-attempt";
}
