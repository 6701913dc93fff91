using System.Diagnostics;
using FlowGate.Routing.AspNetCore.Proxy;

namespace FlowGate.Routing.AspNetCore.Tracing;

/// <summary>
/// FlowGate's spans, on the <see cref="ActivitySource"/> named <see cref="SourceName"/>: one per routed request (kind
/// internal, inside the server span ASP.NET makes) and one per upstream attempt (kind client), with the OpenTelemetry
/// GenAI attributes where FlowGate knows them (<c>gen_ai.operation.name</c>, <c>gen_ai.request.model</c>,
/// <c>gen_ai.response.model</c>, <c>gen_ai.provider.name</c>, <c>gen_ai.usage.input_tokens</c> and
/// <c>gen_ai.usage.output_tokens</c> when the upstream reported them) and FlowGate's own (<c>flowgate.route</c>,
/// <c>flowgate.target</c>, <c>flowgate.attempt</c>, <c>flowgate.failure_class</c>). Nothing is recorded unless a listener
/// (OpenTelemetry's <c>AddSource("FlowGate")</c>) samples the source.
/// </summary>
internal static class FlowGateTracing
{
    /// <summary>The name of FlowGate's activity source.</summary>
    public const string SourceName = "FlowGate";

    private static readonly ActivitySource Source = new(SourceName, typeof(FlowGateTracing).Assembly.GetName().Version?.ToString());

    /// <summary>Starts the span of a routed request, if anyone listens.</summary>
    public static Activity? StartRequest(ClientProtocol protocol, string model, string route)
    {
        if (!Source.HasListeners())
        {
            // Nobody records spans: not even the span's name is worth building.
            return null;
        }

        var operation = OperationOf(protocol);
        var activity = Source.StartActivity(operation + " " + model, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.operation.name", operation);
            activity.SetTag("gen_ai.request.model", model);
            activity.SetTag("flowgate.route", route);
        }

        return activity;
    }

    /// <summary>Ends a request's span with what served it and how it ended.</summary>
    public static void EndRequest(Activity? activity, RouteTarget? servedBy, int attempts, int status, string outcome, FlowGate.Routing.Usage.TokenUsage? usage)
    {
        if (activity is null)
        {
            return;
        }

        if (activity.IsAllDataRequested)
        {
            if (servedBy is not null)
            {
                activity.SetTag("gen_ai.response.model", servedBy.Config.Model);
                activity.SetTag("gen_ai.provider.name", ProviderOf(servedBy.Upstream.Protocol));
                activity.SetTag("flowgate.target", TargetName(servedBy));
            }

            if (usage is { } tokens)
            {
                // GenAI's input tokens include the cached ones (OpenAI counts them inside prompt_tokens).
                activity.SetTag("gen_ai.usage.input_tokens", tokens.Input + tokens.CacheRead + tokens.CacheWrite);
                activity.SetTag("gen_ai.usage.output_tokens", tokens.Output);
            }

            activity.SetTag("flowgate.attempts", attempts);
            activity.SetTag("http.response.status_code", status);
            activity.SetTag("flowgate.outcome", outcome);
        }

        if (status >= 500 || servedBy is null)
        {
            activity.SetStatus(ActivityStatusCode.Error, outcome);
        }
    }

    /// <summary>Starts the span of one upstream attempt, if anyone listens; it is the current activity while the attempt runs,
    /// so the upstream HTTP call is its child (and carries its trace context when the host propagates it).</summary>
    public static Activity? StartAttempt(int attempt, string route, RouteTarget target)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("attempt " + TargetName(target), ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("flowgate.attempt", attempt);
            activity.SetTag("flowgate.route", route);
            activity.SetTag("flowgate.target", TargetName(target));
            activity.SetTag("gen_ai.request.model", target.Config.Model);
            activity.SetTag("gen_ai.provider.name", ProviderOf(target.Upstream.Protocol));
            activity.SetTag("server.address", target.Upstream.BaseUrl.Host);
            activity.SetTag("server.port", target.Upstream.BaseUrl.Port);
        }

        return activity;
    }

    /// <summary>Ends an attempt's span with its status and, when it failed, its failure class.</summary>
    public static void EndAttempt(Activity? activity, AttemptOutcome outcome, string described)
    {
        if (activity is null)
        {
            return;
        }

        if (activity.IsAllDataRequested)
        {
            if (outcome.Status is { } status)
            {
                activity.SetTag("http.response.status_code", status);
            }

            activity.SetTag("flowgate.outcome", described);
            if (outcome.Failure is { } failure)
            {
                activity.SetTag("flowgate.failure_class", failure.Class.ToString());
                activity.SetTag("error.type", failure.Class.ToString());
            }
        }

        if (outcome.Kind is not AttemptResultKind.Succeeded)
        {
            activity.SetStatus(ActivityStatusCode.Error, described);
        }
    }

    private static string TargetName(RouteTarget target) => target.Upstream.Name + "/" + target.Config.Model;

    private static string OperationOf(ClientProtocol protocol) => protocol == ClientProtocol.OpenAIResponses ? "responses" : "chat";

    private static string ProviderOf(UpstreamProtocol protocol) => protocol switch
    {
        UpstreamProtocol.Anthropic => "anthropic",
        UpstreamProtocol.OpenAI or UpstreamProtocol.OpenAIChat or UpstreamProtocol.OpenAIResponses => "openai",
        _ => "flowgate.instance",
    };
}
