namespace FlowGate.Config.Settings;

/// <summary>The time limits and failure counting the adapter applies around upstream attempts.</summary>
public sealed record ResilienceSettings
{
    /// <summary>Gets the total deadline of one client request, every attempt included (LiteLLM's <c>request_timeout</c>).</summary>
    /// <value>The default value is 600 seconds.</value>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>Gets how long one attempt may wait for the upstream's first byte.</summary>
    /// <value>The default value is 120 seconds.</value>
    public TimeSpan FirstByteTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Gets the longest silence between two stream events before the stream counts as stalled.</summary>
    /// <value>The default value is 300 seconds (agent-cli's proxy timeout).</value>
    public TimeSpan StreamIdleTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Gets how many failures a target may have in a row before it cools down (LiteLLM's <c>allowed_fails</c>).</summary>
    /// <value>The default value is 0: the first failure cools the target down, as agent-cli did.</value>
    public int AllowedFails { get; init; }

    /// <summary>Gets a value indicating whether a 5xx that names an auth problem is retried on another target (<c>lb_retry_auth_on_5xx</c>).</summary>
    /// <value>The default value is <see langword="true"/>, agent-cli's code default.</value>
    public bool RetryAuthOn5xx { get; init; } = true;
}
