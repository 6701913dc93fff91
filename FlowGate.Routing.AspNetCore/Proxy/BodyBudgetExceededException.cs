namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>A body would take the gateway past its budget for bodies held in memory: the request gets 503, not the memory.</summary>
internal sealed class BodyBudgetExceededException : Exception
{
    public BodyBudgetExceededException()
        : this("the gateway holds as many request and answer bodies in memory as its budget allows; retry shortly.")
    {
    }

    public BodyBudgetExceededException(long limit)
        : this($"the gateway holds as many request and answer bodies in memory as its budget allows ({limit / (1024 * 1024)} MiB); retry shortly.")
    {
    }

    public BodyBudgetExceededException(string message)
        : base(message)
    {
    }

    public BodyBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
