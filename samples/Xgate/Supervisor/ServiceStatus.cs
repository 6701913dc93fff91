namespace FlowGate.Xgate.Supervisor;

/// <summary>A service's state as its pid file and <c>/proc</c> tell it.</summary>
internal enum ServiceState
{
    /// <summary>The pid file names a live process with the recorded start time and command line.</summary>
    Running,

    /// <summary>No pid file.</summary>
    Stopped,

    /// <summary>A pid file whose process is gone or is another process.</summary>
    Stale,
}

/// <summary>One row of <c>xgate status</c>.</summary>
internal sealed record ServiceStatus(ServiceSpec Spec, ServiceState State, PidFile? PidFile, TimeSpan? Uptime)
{
    public static string StateText(ServiceState state) => state switch
    {
        ServiceState.Running => "running",
        ServiceState.Stale => "stale",
        _ => "stopped",
    };

    public static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m {span.Seconds}s"
        : $"{Math.Max(0, (int)span.TotalSeconds)}s";
}
