using System.Globalization;
using System.Runtime.InteropServices;
using FlowGate.MockUpstream;

// dotnet run --project samples/FlowGate.MockUpstream -- --port 9001 [--pace-ms 0] [--deltas 8] [--fault MODEL=SPEC]...
MockUpstreamOptions? options;
try
{
    options = MockCommandLine.Parse(args);
}
catch (FormatException e)
{
    await Console.Error.WriteLineAsync(e.Message + Environment.NewLine + MockCommandLine.Usage).ConfigureAwait(false);
    return 2;
}

if (options is null)
{
    Console.WriteLine(MockCommandLine.Usage);
    return 0;
}

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.TrySetResult();
});

await using var server = await MockUpstreamServer.StartAsync(options).ConfigureAwait(false);
Console.WriteLine($"listening on http://127.0.0.1:{server.Port.ToString(CultureInfo.InvariantCulture)}");
await stop.Task.ConfigureAwait(false);
return 0;
