using FlowGate.Gateway;

Console.WriteLine(DemoConfig.Describe());
