namespace FlowGate.Routing.AspNetCore.Hosting;

/// <summary>The outcome of probing one upstream; nothing in it is secret (the base URL is shown without user info or query).</summary>
/// <param name="Upstream">The upstream's name.</param>
/// <param name="BaseUrl">The base URL: scheme, host, port and path only.</param>
/// <param name="Healthy">Whether the upstream answered with a status below 500.</param>
/// <param name="Status">The status it answered with, if it answered.</param>
/// <param name="LatencyMs">How long the probe took.</param>
/// <param name="Error">Why it is unhealthy, in FlowGate's words (never an exception's text, which could quote a URL).</param>
internal sealed record ProbeResult(string Upstream, string BaseUrl, bool Healthy, int? Status, double LatencyMs, string? Error);
