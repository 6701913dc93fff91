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

    /// <summary>
    /// Raises the counts of the window starting at <paramref name="start"/> to shared totals (a shared store's, which
    /// include this replica's own counts); never lowers them, and ignores a window already past.
    /// </summary>
    public void Raise(DateTimeOffset start, long requests, long tokens)
    {
        lock (_gate)
        {
            if (start < _window.Start)
            {
                return;
            }

            var window = _window.Start == start ? _window : new BudgetWindow(start, 0, 0);
            _window = window with { Requests = Math.Max(window.Requests, requests), Tokens = Math.Max(window.Tokens, tokens) };
        }
    }

    /// <summary>Adds another replica's counts to the window starting at <paramref name="start"/>; a window already past is ignored.</summary>
    public void Add(DateTimeOffset start, long requests, long tokens)
    {
        lock (_gate)
        {
            if (start < _window.Start)
            {
                return;
            }

            var window = _window.Start == start ? _window : new BudgetWindow(start, 0, 0);
            _window = window with { Requests = window.Requests + Math.Max(0, requests), Tokens = window.Tokens + Math.Max(0, tokens) };
        }
    }
}
