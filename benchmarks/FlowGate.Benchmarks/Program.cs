using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/FlowGate.Benchmarks -- --filter '*'          (every benchmark)
// dotnet run -c Release --project benchmarks/FlowGate.Benchmarks -- --filter '*Routing*'  (one class; --list flat lists them)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
