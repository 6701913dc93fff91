using System.Globalization;
using FlowGate.MockUpstream;
using FlowGate.MockUpstream.Faults;

// dotnet run --project samples/FlowGate.MockUpstream -- --port 9001 [--pace-ms 0] [--deltas 8] [--name mock] [--fault MODEL=SPEC]...
const string Usage = "usage: FlowGate.MockUpstream [--port N] [--pace-ms MS] [--deltas N] [--max-echo N] [--name NAME] [--fault MODEL=SPEC]... [--endpoint-fault ENDPOINT=SPEC]...";

var port = 9001;
var paceMs = 0;
var deltas = 8;
var maxEcho = 200;
var name = "mock";
var faultsByModel = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
var faultsByEndpoint = new Dictionary<MockEndpoint, string>();
try
{
    for (var i = 0; i < args.Length; i++)
    {
        var arg = args[i];
        string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{arg} needs a value");
        int Number() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"{arg} needs a number");
        switch (arg)
        {
            case "--port":
                port = Number();
                break;
            case "--pace-ms":
                paceMs = Number();
                break;
            case "--deltas":
                deltas = Math.Max(1, Number());
                break;
            case "--max-echo":
                maxEcho = Number();
                break;
            case "--name":
                name = Value();
                break;
            case "--fault" or "--endpoint-fault":
                var pair = Value();
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw new FormatException($"{arg} takes KEY=SPEC, not '{pair}'");
                }

                var (key, spec) = (pair[..eq].Trim(), pair[(eq + 1)..].Trim());
                MockFault.Parse(spec);
                if (arg == "--fault")
                {
                    faultsByModel[key] = spec;
                }
                else
                {
                    faultsByEndpoint[Enum.TryParse<MockEndpoint>(key, ignoreCase: true, out var endpoint) ? endpoint : throw new FormatException($"unknown endpoint '{key}'")] = spec;
                }

                break;
            case "-h" or "--help":
                Console.WriteLine(Usage);
                return 0;
            default:
                throw new FormatException($"unknown option '{arg}'");
        }
    }
}
catch (FormatException e)
{
    await Console.Error.WriteLineAsync(e.Message + Environment.NewLine + Usage).ConfigureAwait(false);
    return 2;
}

var options = new MockUpstreamOptions
{
    Port = port,
    PaceMs = paceMs,
    Deltas = deltas,
    MaxEchoChars = maxEcho,
    Name = name,
    FaultsByModel = faultsByModel,
    FaultsByEndpoint = faultsByEndpoint,
    RequestLogCapacity = 0,
};

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.TrySetResult();
});

await using var server = await MockUpstreamServer.StartAsync(options).ConfigureAwait(false);
Console.WriteLine($"listening on http://127.0.0.1:{server.Port.ToString(CultureInfo.InvariantCulture)}");
await stop.Task.ConfigureAwait(false);
return 0;
