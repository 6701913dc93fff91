using FlowGate.Routing.AspNetCore.State;
using Microsoft.Extensions.Hosting;

namespace FlowGate.Routing.AspNetCore.Usage;

/// <summary>
/// Gives each gateway key its count for the current budget day back from the usage ledger when the host starts, before
/// the server takes requests: without it a restart (a reload that needs one, <c>xgate service restart</c>, a crash)
/// would hand every spent key its whole daily budget again. Only the in-process counter is restored; a shared store
/// (Redis) keeps its counts across a replica's restart by itself.
/// </summary>
internal sealed class KeyBudgetRestore(IGatewayConfigSource config, IUsageLedger ledger, GatewayState state, TimeProvider time)
    : IHostedLifecycleService
{
    /// <summary>Runs before any hosted service starts, the web server included.</summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        Restore();
        return Task.CompletedTask;
    }

    /// <summary>Raises each key's in-process count of the current budget day to what the ledger recorded for it.</summary>
    public void Restore()
    {
        if (state.KeyBudgets is not KeyBudgetCounter counter)
        {
            return;
        }

        var dayStart = BudgetDay.StartOf(time.GetUtcNow(), config.Current.BudgetDayStart);
        foreach (var (key, tokens) in ledger.KeyBudgetTokens(dayStart))
        {
            counter.Raise(key, dayStart, tokens);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
