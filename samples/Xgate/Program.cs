return FlowGate.Xgate.XgateCli.Run(args);
