using FlowGate.Routing.Usage;

namespace FlowGate.Routing.AspNetCore.State;

/// <summary>The in-process <see cref="IBudgetCounter"/>: a fixed one-minute window under the target's own small lock.</summary>
internal sealed class BudgetCounter : IBudgetCounter
{
    private readonly Lock _gate = new();
    private BudgetWindow _window;

    public BudgetWindow Read(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _window.At(now);
        }
    }

    public void CountRequest(DateTimeOffset now)
    {
        lock (_gate)
        {
            var window = _window.At(now);
            _window = window with { Requests = window.Requests + 1 };
        }
    }

    public void CountTokens(long tokens, DateTimeOffset now)
    {
        lock (_gate)
        {
            var window = _window.At(now);
            _window = window with { Tokens = window.Tokens + Math.Max(0, tokens) };
        }
    }
}
