using System.Globalization;
using System.Reflection;
using FlowGate.Routing.AspNetCore.Auth;
using FlowGate.Routing.AspNetCore.Errors;
using FlowGate.Routing.AspNetCore.Hosting;
using FlowGate.Routing.AspNetCore.State;
using FlowGate.Routing.AspNetCore.Usage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlowGate.Routing.AspNetCore.Status;

/// <summary>
/// The status page: <c>GET /flowgate/</c> (one self-contained HTML file shipped in the assembly: no CDN, works
/// offline) and its data, <c>/flowgate/api/status</c>, <c>/flowgate/api/usage</c> and the live feed
/// <c>/flowgate/api/events</c> (SSE, a status event every second, ended when the gateway stops). The data endpoints are guarded like
/// <c>/metrics</c>: the gateway key when keys are configured, loopback only when none are. The page itself holds no
/// data; with keys configured it asks for one and sends it as <c>Authorization: Bearer</c>.
/// </summary>
internal sealed class StatusEndpoints(GatewayRuntimeHolder runtime, UsageRecorder usage, ReloadHistory reloads, CancellationToken stopping, ISharedStateStatus? shared = null)
{
    /// <summary>How often the live feed sends the status.</summary>
    public static readonly TimeSpan EventInterval = TimeSpan.FromSeconds(1);

    private static readonly Lazy<byte[]> Page = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("FlowGate.Routing.AspNetCore.Status.status.html")!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var status = new StatusEndpoints(
            services.GetRequiredService<GatewayRuntimeHolder>(),
            services.GetRequiredService<UsageRecorder>(),
            services.GetRequiredService<ReloadHistory>(),
            services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None,
            services.GetService<ISharedStateStatus>());
        // One template serves /flowgate and /flowgate/ (routing ignores a trailing slash); the page uses absolute paths.
        endpoints.MapGet("/flowgate/", PageAsync);
        endpoints.MapGet("/flowgate/api/status", status.StatusAsync);
        endpoints.MapGet("/flowgate/api/usage", status.UsageAsync);
        endpoints.MapGet("/flowgate/api/events", status.EventsAsync);
    }

    private static Task PageAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = Page.Value.Length;
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'";
        return response.Body.WriteAsync(Page.Value).AsTask();
    }

    private async Task StatusAsync(HttpContext context)
    {
        if (await GatewayAuth.AuthorizeAsync(context, runtime.Current.Config, ClientProtocol.OpenAIChat).ConfigureAwait(false))
        {
            await JsonBody.WriteAsync(context, StatusCodes.Status200OK, w => WriteStatus(w)).ConfigureAwait(false);
        }
    }

    private async Task UsageAsync(HttpContext context)
    {
        if (!await GatewayAuth.AuthorizeAsync(context, runtime.Current.Config, ClientProtocol.OpenAIChat).ConfigureAwait(false))
        {
            return;
        }

        var query = context.Request.Query;
        var by = query["by"].ToString() is { Length: > 0 } b ? b.ToLowerInvariant() : "route";
        if (!UsageJson.Groupings.Contains(by) || ParseSince(query["since"].ToString()) is not { } since)
        {
            await ClientErrors.WriteAsync(context, ClientProtocol.OpenAIChat, ErrorKind.InvalidRequest, $"use since=Nh or Nd (for example 1h, 1d, 7d) and by={string.Join("|", UsageJson.Groupings)}.").ConfigureAwait(false);
            return;
        }

        // What was recorded before this request is in the answer: the queue is flushed first (boundedly).
        using (var flush = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            flush.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await usage.Writer.FlushAsync(flush.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                // A writer this far behind: answer with what is written.
            }
        }

        var day = DateOnly.FromDateTime((runtime.State.Time.GetUtcNow() - since).UtcDateTime);
        var rows = usage.Writer.Ledger.Query(day);
        await JsonBody.WriteAsync(context, StatusCodes.Status200OK, w => UsageJson.Write(w, rows, day, by)).ConfigureAwait(false);
    }

    private async Task EventsAsync(HttpContext context)
    {
        if (!await GatewayAuth.AuthorizeAsync(context, runtime.Current.Config, ClientProtocol.OpenAIChat).ConfigureAwait(false))
        {
            return;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var json = JsonBody.Build(w => WriteStatus(w));
                await response.Body.WriteAsync("event: status\ndata: "u8.ToArray(), stop.Token).ConfigureAwait(false);
                await response.Body.WriteAsync(json, stop.Token).ConfigureAwait(false);
                await response.Body.WriteAsync("\n\n"u8.ToArray(), stop.Token).ConfigureAwait(false);
                await response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
                await Task.Delay(EventInterval, stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The page went away, or the gateway is shutting down.
        }
    }

    private void WriteStatus(System.Text.Json.Utf8JsonWriter w)
    {
        var current = runtime.Current;
        StatusJson.Write(w, current, runtime.State, usage, reloads, runtime.State.Time.GetUtcNow(), shared);
    }

    /// <summary>Parses <c>since</c>: <c>Nh</c> or <c>Nd</c> (default 1d), at most 400 days.</summary>
    internal static TimeSpan? ParseSince(string text)
    {
        if (text.Length == 0)
        {
            return TimeSpan.FromDays(1);
        }

        if (text.Length < 2 || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 9600)
        {
            return null;
        }

        var span = char.ToLowerInvariant(text[^1]) switch
        {
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => (TimeSpan?)null,
        };
        return span <= TimeSpan.FromDays(400) ? span : null;
    }
}
