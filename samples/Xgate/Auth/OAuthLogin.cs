using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace FlowGate.Xgate.Auth;

/// <summary>
/// The LiteLLM-based xgate's <c>oauth_poll</c> login through CLIProxyAPI: GET the auth URL (JSON key <c>auth_url</c>, <c>url</c> or
/// <c>login_url</c>, plus CLIProxyAPI's <c>state</c>), print it, then poll the status endpoint (with <c>?state=</c>) every
/// 2 s until a success state (<c>success</c>, <c>completed</c>, <c>authorized</c>, <c>ok</c>), a failure state
/// (<c>failed</c>, <c>error</c>, <c>denied</c>, <c>expired</c>, <c>cancelled</c>) or the time-out (120 s). The management key
/// (<c>CLIPROXY_MANAGEMENT_KEY</c>) goes as <c>Authorization: Bearer</c> and is never printed.
/// </summary>
internal sealed class OAuthLogin
{
    public static readonly string[] SuccessStates = ["success", "completed", "authorized", "ok"];

    public static readonly string[] FailureStates = ["failed", "error", "denied", "expired", "cancelled"];

    private readonly HttpClient _http;
    private readonly IAnsiConsole _console;
    private readonly string? _key;

    public OAuthLogin(HttpClient http, IAnsiConsole console, string? managementKey)
    {
        _http = http;
        _console = console;
        _key = managementKey;
    }

    public async Task<int> RunAsync(string provider, ManagementEndpoints endpoints, TimeSpan timeout, TimeSpan interval, CancellationToken ct)
    {
        foreach (var note in endpoints.Notes)
        {
            _console.MarkupLineInterpolated($"[yellow]note[/]: {note}");
        }

        var (code, start) = await GetJsonAsync(endpoints.AuthUrl, ct).ConfigureAwait(false);
        if (start is null)
        {
            _console.MarkupLineInterpolated($"[red]auth login {provider}[/]: GET {endpoints.AuthUrl} {Explain(code)}");
            return ExitCodes.Failure;
        }

        var url = Text(start, "auth_url") ?? Text(start, "url") ?? Text(start, "login_url");
        if (url is null)
        {
            _console.MarkupLineInterpolated($"[red]auth login {provider}[/]: the answer of {endpoints.AuthUrl} has no auth_url, url or login_url{(Text(start, "error") is { } error ? $": {error}" : ".")}");
            return ExitCodes.Failure;
        }

        var state = Text(start, "state");
        _console.MarkupLineInterpolated($"Open this URL to log in to {provider}:");
        _console.WriteLine(url);
        if (Text(start, "user_code") is { } userCode)
        {
            _console.MarkupLineInterpolated($"Code: {userCode}");
        }

        var statusUrl = state is null || endpoints.Status.Query.Contains("state=", StringComparison.Ordinal)
            ? endpoints.Status
            : new Uri(endpoints.Status + (endpoints.Status.Query.Length > 0 ? "&" : "?") + "state=" + Uri.EscapeDataString(state));
        _console.MarkupLineInterpolated($"Waiting for the login (up to {timeout.TotalSeconds:0} s)...");
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            await Task.Delay(interval, ct).ConfigureAwait(false);
            var (statusCode, answer) = await GetJsonAsync(statusUrl, ct).ConfigureAwait(false);
            if (statusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                _console.MarkupLineInterpolated($"[red]auth login {provider}[/]: GET {endpoints.Status} {Explain(statusCode)}");
                return ExitCodes.Failure;
            }

            var value = (answer is null ? null : Text(answer, "status") ?? Text(answer, "state"))?.ToLowerInvariant();
            if (value is not null && SuccessStates.Contains(value))
            {
                _console.MarkupLineInterpolated($"[green]auth login {provider}[/]: {value}.");
                return ExitCodes.Ok;
            }

            if (value is not null && FailureStates.Contains(value))
            {
                var why = Text(answer!, "error") ?? Text(answer!, "message");
                _console.MarkupLineInterpolated($"[red]auth login {provider}[/]: {value}{(why is null ? "." : $": {why}")}");
                return ExitCodes.Failure;
            }
        }

        _console.MarkupLineInterpolated($"[red]auth login {provider}[/]: no result within {timeout.TotalSeconds:0} s.");
        return ExitCodes.Failure;
    }

    private static string Explain(HttpStatusCode? code) => code switch
    {
        null => "failed: the management API does not answer (is CLIProxyAPI running? --management-url or CLIPROXY_MANAGEMENT_URL set its address).",
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $"answered {(int)code}: set {ManagementEndpoints.KeyVariable} to CLIProxyAPI's remote-management secret key.",
        HttpStatusCode.NotFound => "answered 404: the endpoint does not exist, or remote management is disabled (no secret key set in CLIProxyAPI).",
        _ => $"answered {(int)code}.",
    };

    private static string? Text(JsonNode node, string key) =>
        node[key] is JsonValue value && value.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private async Task<(HttpStatusCode? Code, JsonNode? Body)> GetJsonAsync(Uri url, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (_key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _key);
        }

        try
        {
            using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (response.StatusCode, null);
            }

            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            return (response.StatusCode, JsonNode.Parse(text) as JsonObject);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or (TaskCanceledException and not OperationCanceledException { CancellationToken.IsCancellationRequested: true }))
        {
            return (null, null);
        }
    }
}
