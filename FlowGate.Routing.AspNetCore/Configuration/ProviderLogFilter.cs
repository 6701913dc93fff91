using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowGate.Routing.AspNetCore.Configuration;

/// <summary>
/// The config provider logs its reload outcomes and diagnostics (its events 1–5) itself; <see cref="ConfigFileSource"/>
/// logs them in one place, with the file's route names, so those are dropped here and the rest (watch failures, failing
/// handlers, unexpected reload failures) pass through to the host's logger.
/// </summary>
internal sealed class ProviderLogFilter : ILogger
{
    private ILogger _inner = NullLogger.Instance;

    public ILogger Inner
    {
        get => Volatile.Read(ref _inner);
        set => Volatile.Write(ref _inner, value);
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => Inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => Inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id is >= 1 and <= 5)
        {
            return;
        }

        Inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
