using System.Globalization;

namespace FlowGate.Xgate.Supervisor;

/// <summary>What <c>/proc</c> says about a process: alive (not a zombie), its start time in clock ticks, its process group and its command line.</summary>
internal static class ProcFs
{
    /// <summary>Reads <c>/proc/PID/stat</c>.</summary>
    /// <returns>The process's state letter, process group and start time (clock ticks since boot), or <see langword="null"/> when there is no such process.</returns>
    public static ProcStat? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "PID (comm) S PPID PGRP SESSION ... starttime(22) ..."; comm may hold spaces and parentheses, so split after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20)
        {
            return null;
        }

        return new ProcStat(
            fields[0][0],
            int.Parse(fields[2], CultureInfo.InvariantCulture),
            long.Parse(fields[19], CultureInfo.InvariantCulture));
    }

    /// <summary>Tells whether a process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid) => ReadStat(pid) is { State: not ('Z' or 'X' or 'x') };

    /// <summary>Reads <c>/proc/PID/cmdline</c> as its arguments; empty when the process is gone (or a zombie).</summary>
    public static IReadOnlyList<string> ReadCommandLine(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline");
            return text.TrimEnd('\0').Split('\0') is [""] ? [] : text.TrimEnd('\0').Split('\0');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}

/// <summary>The fields of <c>/proc/PID/stat</c> the supervisor uses.</summary>
/// <param name="State">The state letter (<c>R</c>, <c>S</c>, <c>Z</c>...).</param>
/// <param name="ProcessGroup">The process group id.</param>
/// <param name="StartTicks">The start time in clock ticks after boot; with the pid it names one process.</param>
internal readonly record struct ProcStat(char State, int ProcessGroup, long StartTicks);
