using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowGate.Xgate.Supervisor;

/// <summary>
/// A service's pid file (<c>RUNTIME_DIR/NAME.pid</c>), JSON: the pid, its start time in clock ticks (with the pid,
/// the identity of one process), the wall-clock start, the command xgate ran and the command line the process showed
/// once it was ready. A pid whose process is gone, is another process (other start ticks) or shows another command
/// line is stale.
/// </summary>
internal sealed record PidFile
{
    public required int Pid { get; init; }

    public long? StartTicks { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public IReadOnlyList<string> Command { get; init; } = [];

    public IReadOnlyList<string> CommandLine { get; init; } = [];

    public static PidFile? Read(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bare))
            {
                // A plain pid (another tool's file): no identity beyond the number.
                return new PidFile { Pid = bare, StartedAt = File.GetLastWriteTimeUtc(path) };
            }

            var json = JsonNode.Parse(text);
            if (json?["pid"]?.GetValue<int>() is not { } pid)
            {
                return null;
            }

            return new PidFile
            {
                Pid = pid,
                StartTicks = json["start_ticks"]?.GetValue<long>(),
                StartedAt = json["started_at"]?.GetValue<string>() is { } at && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : File.GetLastWriteTimeUtc(path),
                Command = Strings(json["command"]),
                CommandLine = Strings(json["cmdline"]),
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var json = new JsonObject
        {
            ["pid"] = Pid,
            ["start_ticks"] = StartTicks,
            ["started_at"] = StartedAt.ToString("O", CultureInfo.InvariantCulture),
            ["command"] = new JsonArray([.. Command.Select(a => (JsonNode?)JsonValue.Create(a))]),
            ["cmdline"] = new JsonArray([.. CommandLine.Select(a => (JsonNode?)JsonValue.Create(a))]),
        };
        var temp = $"{path}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.tmp";
        File.WriteAllText(temp, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Tells whether the pid still names the process xgate started: alive, same start ticks, same command line.</summary>
    public bool MatchesLiveProcess()
    {
        if (ProcFs.ReadStat(Pid) is not { State: not ('Z' or 'X' or 'x') } stat)
        {
            return false;
        }

        if (StartTicks is { } ticks && ticks != stat.StartTicks)
        {
            return false;
        }

        var expected = CommandLine.Count > 0 ? CommandLine : Command;
        return expected.Count == 0 || ProcFs.ReadCommandLine(Pid).SequenceEqual(expected, StringComparer.Ordinal);
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(x => x?.GetValue<string>() ?? string.Empty)] : [];
}
