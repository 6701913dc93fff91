using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FlowGate.Routing.AspNetCore.Proxy;

/// <summary>
/// The end of the shutdown drain window. When the host starts stopping (SIGTERM), streams in flight may finish until
/// shortly before the host's shutdown timeout; then this token fires and each one ends with its protocol's terminal
/// error event, so a client sees a protocol error rather than a connection the host tears down a moment later.
/// </summary>
internal sealed class ShutdownDrain : IDisposable
{
    private readonly CancellationTokenSource _ended;
    private readonly CancellationTokenRegistration _registration;

    public ShutdownDrain(IHostApplicationLifetime lifetime, IOptions<HostOptions> options, TimeProvider time)
    {
        _ended = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        var window = options.Value.ShutdownTimeout;

        // Leave the streams a moment to write their error before the host's own deadline aborts them.
        var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, window.Ticks / 4));
        _registration = lifetime.ApplicationStopping.Register(() => _ended.CancelAfter(window - margin));
    }

    /// <summary>Gets the token that fires when the drain window has ended.</summary>
    public CancellationToken Ended => _ended.Token;

    public void Dispose()
    {
        _registration.Dispose();
        _ended.Dispose();
    }
}
