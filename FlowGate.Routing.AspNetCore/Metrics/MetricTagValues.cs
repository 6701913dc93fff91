using System.Globalization;
using FlowGate.Routing.Failures;

namespace FlowGate.Routing.AspNetCore.Metrics;

/// <summary>
/// Tag values as cached strings, so that recording a measurement boxes nothing and allocates nothing.
/// </summary>
internal static class MetricTagValues
{
    /// <summary>The route tag of a request that matched no route.</summary>
    public const string NoRoute = "none";

    private static readonly string[] Statuses = [.. Enumerable.Range(0, 600).Select(s => s.ToString(CultureInfo.InvariantCulture))];

    public static string Status(int status) => (uint)status < (uint)Statuses.Length ? Statuses[status] : "other";

    public static string Protocol(ClientProtocol protocol) => protocol switch
    {
        ClientProtocol.AnthropicMessages => "anthropic_messages",
        ClientProtocol.OpenAIChat => "openai_chat",
        ClientProtocol.OpenAIResponses => "openai_responses",
        _ => "other",
    };

    public static string FailureClass(FailureClass failureClass) => failureClass switch
    {
        Failures.FailureClass.Auth => "auth",
        Failures.FailureClass.RateLimit => "rate",
        Failures.FailureClass.Transient => "transient",
        Failures.FailureClass.Signature => "signature",
        Failures.FailureClass.ContextLength => "context",
        Failures.FailureClass.Client => "client",
        _ => "other",
    };
}
