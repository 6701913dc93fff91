using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowGate.Config;
using FlowGate.Xgate.Supervisor;
using Spectre.Console;

namespace FlowGate.Xgate.Commands;

/// <summary>
/// <c>xgate usage [--since 1h|1d|7d] [--by route|upstream|key] [--json]</c>: tokens and requests from the running
/// gateway's usage API (<c>GET /flowgate/api/usage</c>), as a table. The gateway, not xgate, owns the ledger.
/// </summary>
internal static class UsageCommands
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static Command Create(XgateApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var since = new Option<string>("--since")
        {
            Description = "How far back: Nh or Nd (whole UTC days), for example 1h, 1d, 7d.",
            DefaultValueFactory = _ => "1d",
        };
        since.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>() ?? string.Empty;
            if (!IsSince(value))
            {
                r.AddError($"--since must be a number of hours or days, such as 1h, 1d or 7d, not '{value}'.");
            }
        });
        var by = new Option<string>("--by") { Description = "What to sum by.", DefaultValueFactory = _ => "route" };
        by.AcceptOnlyFromAmong("route", "upstream", "key", "model", "day");
        var json = new Option<bool>("--json") { Description = "Print the gateway's answer as JSON." };
        var command = new Command("usage", "Tokens and requests the running gateway recorded, summed by route, upstream, gateway key (its name), model or day.")
        {
            since, by, json,
        };
        command.SetAction((parse, ct) => RunAsync(parse, app, parse.GetValue(since)!, parse.GetValue(by)!, parse.GetValue(json), ct));
        return command;
    }

    /// <summary>Asks the gateway of <paramref name="config"/> for its usage; the answer, or why there is none.</summary>
    public static async Task<(JsonNode? Usage, string? Error)> FetchAsync(FlowGateConfig config, XgateApp app, string since, string by, CancellationToken ct)
    {
        var gateway = ServiceCatalog.From(config, app)[^1];
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = Patience };
        var url = new Uri(gateway.BaseUrl, $"/flowgate/api/usage?since={Uri.EscapeDataString(since)}&by={Uri.EscapeDataString(by)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ServiceCatalog.GatewayKey(config, app.GetEnvironmentVariable) is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        try
        {
            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var hint = (int)response.StatusCode == 401 ? " (set FLOWGATE_API_KEY to a gateway key)" : string.Empty;
                return (null, $"GET {url} answered {(int)response.StatusCode}{hint}");
            }

            return (JsonNode.Parse(text), null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (null, $"the gateway at {gateway.BaseUrl} is not reachable (start it: xgate service start)");
        }
    }

    /// <summary>One line of totals: requests and tokens by kind.</summary>
    public static string TotalLine(JsonNode? total)
    {
        var tokens = total?["tokens"];
        return string.Create(CultureInfo.InvariantCulture, $"{Long(total?["requests"]):N0} requests, {Long(tokens?["total"]):N0} tokens (input {Long(tokens?["input"]):N0}, output {Long(tokens?["output"]):N0}, cache read {Long(tokens?["cache_read"]):N0}, cache write {Long(tokens?["cache_write"]):N0}, reasoning {Long(tokens?["reasoning"]):N0})");
    }

    private static async Task<int> RunAsync(ParseResult parse, XgateApp app, string since, string by, bool json, CancellationToken ct)
    {
        if (app.LoadConfigOrReport(parse) is not { } config)
        {
            return ExitCodes.Failure;
        }

        var (usage, error) = await FetchAsync(config, app, since, by, ct).ConfigureAwait(false);
        if (usage is null)
        {
            app.Err.WriteLine($"xgate usage: {error}.");
            return ExitCodes.Failure;
        }

        if (json)
        {
            app.Out.WriteLine(usage.ToJsonString(JsonOutput.Options));
            return ExitCodes.Ok;
        }

        var table = new Table().AddColumns(Heading(by), "Requests", "Input", "Output", "Cache read", "Cache write", "Reasoning", "Total");
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }

        void Row(string name, JsonNode? row, bool bold)
        {
            var tokens = row?["tokens"];
            string[] cells =
            [
                name,
                Number(row?["requests"]),
                Number(tokens?["input"]),
                Number(tokens?["output"]),
                Number(tokens?["cache_read"]),
                Number(tokens?["cache_write"]),
                Number(tokens?["reasoning"]),
                Number(tokens?["total"]),
            ];
            table.AddRow([.. cells.Select(c => bold ? $"[bold]{Markup.Escape(c)}[/]" : Markup.Escape(c))]);
        }

        foreach (var row in usage["rows"] as JsonArray ?? [])
        {
            Row(row?["name"]?.GetValue<string>() ?? "-", row, bold: false);
        }

        Row("total", usage["total"], bold: true);
        app.WideConsole.MarkupLineInterpolated($"Usage since {usage["since"]?.GetValue<string>() ?? since} (UTC), by {by}:");
        app.WideConsole.Write(table);
        return ExitCodes.Ok;
    }

    private static string Heading(string by) => by switch
    {
        "upstream" => "Upstream",
        "key" => "Gateway key",
        "model" => "Upstream/model",
        "day" => "Day",
        _ => "Route",
    };

    private static bool IsSince(string text) =>
        text.Length >= 2 && (text[^1] is 'h' or 'd' or 'H' or 'D')
        && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1;

    private static string Number(JsonNode? node) => Long(node).ToString("N0", CultureInfo.InvariantCulture);

    private static long Long(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var n) ? n : 0;
}
