using FlowGate.Gateway;

// dotnet run --project samples/FlowGate.Gateway [-- --config providers.toml|flowgate.yaml] [--urls http://127.0.0.1:4000]
GatewayCommandLine commandLine;
try
{
    commandLine = GatewayCommandLine.Parse(args);
}
catch (FormatException e)
{
    await Console.Error.WriteLineAsync(e.Message + Environment.NewLine + Environment.NewLine + GatewayCommandLine.Usage).ConfigureAwait(false);
    return 2;
}

if (commandLine.Help)
{
    Console.WriteLine(GatewayCommandLine.Usage);
    return 0;
}

InlineIo.Decide();
return await GatewayHost.RunAsync(commandLine).ConfigureAwait(false);
