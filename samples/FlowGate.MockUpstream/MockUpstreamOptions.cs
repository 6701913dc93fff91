namespace FlowGate.MockUpstream;

/// <summary>How a <see cref="MockUpstreamServer"/> answers. Per-request headers (<see cref="MockHeaders"/>) override these.</summary>
public sealed class MockUpstreamOptions
{
    /// <summary>Gets the loopback port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Gets the instance name, part of thinking signatures and encrypted reasoning so that they are recognisably this mock's.</summary>
    public string Name { get; init; } = "mock";

    /// <summary>Gets how many deltas a reply text is split into (also its output token count).</summary>
    public int Deltas { get; init; } = 8;

    /// <summary>Gets the delay between stream events, in milliseconds.</summary>
    public int PaceMs { get; init; }

    /// <summary>Gets the longest part of the user text echoed back.</summary>
    public int MaxEchoChars { get; init; } = 200;

    /// <summary>
    /// Gets a value indicating whether requests whose history carries a thinking signature or encrypted reasoning not made
    /// by a mock of this <see cref="Name"/> are answered with the <c>signature</c> error, as real upstreams do.
    /// </summary>
    public bool RejectForeignSignatures { get; init; }

    /// <summary>
    /// Gets a value indicating whether the mock refuses, with the real API's status and error shape, what the real API
    /// refuses (missing key or <c>anthropic-version</c>, Messages without <c>max_tokens</c>, tool results answering no
    /// earlier call, roles out of order, unknown block or item types, thinking signatures it did not make). On by
    /// default: a test that passes against a lenient mock proves only the shape of what FlowGate sends.
    /// </summary>
    public bool Strict { get; init; } = true;

    /// <summary>Gets fault specs by request <c>model</c> (case-insensitive; <c>*</c> matches any model), for clients that cannot set headers.</summary>
    public IReadOnlyDictionary<string, string> FaultsByModel { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets fault specs by endpoint.</summary>
    public IReadOnlyDictionary<MockEndpoint, string> FaultsByEndpoint { get; init; } = new Dictionary<MockEndpoint, string>();

    /// <summary>Gets the model ids <c>GET /v1/models</c> lists.</summary>
    public IReadOnlyList<string> Models { get; init; } = ["mock-large", "mock-small", "claude-mock-sonnet", "gpt-mock"];

    /// <summary>Gets how many received requests the log keeps (oldest dropped first); 0 keeps none.</summary>
    public int RequestLogCapacity { get; init; } = 1024;

    /// <summary>
    /// Gets a writer that receives one line per request (<c>mock-request: METHOD PATH endpoint=… model=… tool-call=… tool-result=…
    /// attempt=…</c>), for scripts that watch the standalone host's stdout; null (the default) writes nothing.
    /// </summary>
    public TextWriter? RequestLines { get; init; }

    /// <summary>
    /// Gets the clock an HTTP-date <c>Retry-After</c> (<c>retry-after-date:SECONDS</c>) counts from; the system clock by
    /// default. A test that moves the gateway's clock gives the mock the same one, so that the date means the same wait
    /// however long the machine took to get there.
    /// </summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Gets the largest request body accepted, in bytes.</summary>
    public long MaxRequestBodyBytes { get; init; } = 64L * 1024 * 1024;
}
