namespace FlowGate.Routing;

/// <summary>How a route picks among its eligible targets.</summary>
public enum SelectionPolicy
{
    /// <summary>Weighted random with an injected draw (<c>weighted</c>, the default; LiteLLM's <c>simple-shuffle</c>).</summary>
    Weighted,

    /// <summary>Smooth weighted round robin (<c>round-robin</c>), as nginx does it.</summary>
    RoundRobin,

    /// <summary>The first eligible target in configuration order (<c>first</c>).</summary>
    First,

    /// <summary>The eligible target with the fewest requests in flight, weight breaking ties (<c>least-busy</c>).</summary>
    LeastBusy,

    /// <summary>
    /// The eligible target with the largest share of its per-minute budgets (<c>rpm</c>, <c>tpm</c>) left, weight
    /// breaking ties (<c>usage-based</c>; LiteLLM's <c>usage-based-routing</c>). Targets without budgets count as untouched.
    /// </summary>
    UsageBased,
}
