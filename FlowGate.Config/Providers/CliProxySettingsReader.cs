using FlowGate.Config.Binding;
using FlowGate.Config.Settings;

namespace FlowGate.Config.Providers;

/// <summary>
/// Reads the CLIProxyAPI keys agent-cli's generator passes through, from <c>[global]</c> or an instance, over
/// inherited values: flat keys (<c>streaming_keepalive_seconds</c>) win over the nested tables
/// (<c>[*.streaming] keepalive_seconds</c>), as in the generator.
/// </summary>
internal static class CliProxySettingsReader
{
    public static CliProxySettings Read(TableReader table, CliProxySettings inherited)
    {
        var streaming = table.Child("streaming");
        var quota = table.Child("quota_exceeded");
        var result = inherited with
        {
            RequestRetry = table.Int("request_retry", 0, 100) ?? inherited.RequestRetry,
            MaxRetryInterval = table.Int("max_retry_interval", 0, 86_400) ?? inherited.MaxRetryInterval,
            RoutingStrategy = table.String("routing_strategy") ?? inherited.RoutingStrategy,
            DisableCooling = table.Bool("disable_cooling") ?? inherited.DisableCooling,
            NonStreamKeepAliveInterval = table.Int("nonstream_keepalive_interval", 0) ?? inherited.NonStreamKeepAliveInterval,
            StreamingKeepAliveSeconds = table.Int("streaming_keepalive_seconds", 0) ?? streaming?.Int("keepalive_seconds", 0) ?? inherited.StreamingKeepAliveSeconds,
            StreamingBootstrapRetries = table.Int("streaming_bootstrap_retries", 0) ?? streaming?.Int("bootstrap_retries", 0) ?? inherited.StreamingBootstrapRetries,
            QuotaSwitchProject = table.Bool("quota_switch_project") ?? quota?.Bool("switch_project") ?? inherited.QuotaSwitchProject,
            QuotaSwitchPreviewModel = table.Bool("quota_switch_preview_model") ?? quota?.Bool("switch_preview_model") ?? inherited.QuotaSwitchPreviewModel,
            RequestLog = table.Bool("request_log") ?? inherited.RequestLog,
            LogsMaxTotalSizeMb = table.Int("logs_max_total_size_mb", 0) ?? inherited.LogsMaxTotalSizeMb,
        };

        // Both tables may also be read by the generator with dashes, as CLIProxyAPI spells them.
        streaming?.Accept("keepalive-seconds", "bootstrap-retries");
        quota?.Accept("switch-project", "switch-preview-model");
        streaming?.Finish();
        quota?.Finish();
        if (table.Has("routing_strategy") && result.RoutingStrategy is not ("round-robin" or "fill-first"))
        {
            table.Error("routing_strategy", $"must be round-robin or fill-first (CLIProxyAPI's strategies), not '{result.RoutingStrategy}'.");
        }

        return result;
    }
}
