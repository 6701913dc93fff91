using Microsoft.Extensions.Logging;

namespace FlowGate.Config.Reload;

/// <summary>The provider's log messages. Diagnostics never carry secret values, so they are logged as they are.</summary>
internal static partial class ReloadLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Reloaded {Path}: a new configuration is in force.")]
    public static partial void Applied(ILogger logger, string path);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Reloaded {Path}: the configuration is unchanged.")]
    public static partial void Unchanged(ILogger logger, string path);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Rejected the reloaded {Path} with {ErrorCount} error(s); the last good configuration stays in force.")]
    public static partial void Rejected(ILogger logger, string path, int errorCount);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Configuration error: {Diagnostic}")]
    public static partial void DiagnosticError(ILogger logger, ConfigDiagnostic diagnostic);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Configuration warning: {Diagnostic}")]
    public static partial void DiagnosticWarning(ILogger logger, ConfigDiagnostic diagnostic);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Reloading {Path} failed unexpectedly; the last good configuration stays in force.")]
    public static partial void ReloadFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Cannot watch {Directory} for configuration changes.")]
    public static partial void WatchFailed(ILogger logger, string directory, Exception exception);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "{File} changed; reloading the configuration shortly.")]
    public static partial void FileChanged(ILogger logger, string file);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "A handler of the configuration reload of {Path} threw.")]
    public static partial void HandlerFailed(ILogger logger, string path, Exception exception);

    public static void Diagnostics(ILogger logger, IReadOnlyList<ConfigDiagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Severity == ConfigSeverity.Error)
            {
                DiagnosticError(logger, diagnostic);
            }
            else
            {
                DiagnosticWarning(logger, diagnostic);
            }
        }
    }
}
