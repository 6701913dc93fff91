namespace FlowGate.Config;

/// <summary>How serious a <see cref="ConfigDiagnostic"/> is.</summary>
public enum ConfigSeverity
{
    /// <summary>The configuration cannot be used.</summary>
    Error,

    /// <summary>The configuration is used, but something in it deserves a look (for example a secret file readable by others).</summary>
    Warning,
}
