using System.Globalization;
using FlowGate.MockUpstream;
using FlowGate.Reliability.Tests.Harness;
using FlowGate.Routing;
using FlowGate.Routing.AspNetCore;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Reliability.Tests.Faults;

/// <summary>
/// Failure handling and hostile input against every fault of the mock upstream, for each client protocol (same-protocol upstream, plus a
/// Chat client translated to an Anthropic upstream), streamed and whole, with a fallback and without one. Each cell
/// states the terminal outcome and how many upstream attempts the mock saw for the request id:
/// <list type="bullet">
/// <item><c>ok@good#2</c>: a complete answer, served by the fallback route <c>good</c>, after 2 upstream attempts;</item>
/// <item><c>ok@self#1</c>: the fault does not apply (a stream-only fault on a whole answer), served by the target;</item>
/// <item><c>error:502#1</c>: a protocol-correct error body with that status;</item>
/// <item><c>stream-error#1</c>: committed, then ended with the protocol's terminal error (no terminator);</item>
/// <item><c>broken#1</c>: a committed whole answer, aborted so that it cannot look complete (no row expects it any
/// more: a whole answer is read and checked before commit, so a cut or malformed one is a failed attempt).</item>
/// </list>
/// Every cell also holds: no 200 with an empty body, and never a second attempt after commit (a committed cell has
/// exactly one attempt even though it has a fallback).
/// </summary>
public sealed class FaultMatrixTests(FaultMatrixTests.Fixture fixture) : IClassFixture<FaultMatrixTests.Fixture>
{
    /// <summary>
    /// The faulting targets' own first-byte limit (a per-target <c>timeout</c>); the mock's slow and stalled faults are
    /// well beyond it. The fallback target keeps the gateway's generous limit, so a loaded machine (CI runs every test
    /// project at once on two cores) cannot make the good answer look slow and cool it down. Two seconds, not less: at
    /// 400 ms a Debug build on a busy CI machine once let a plain 503 miss its first byte and end as a 504.
    /// </summary>
    public static readonly TimeSpan FirstByte = TimeSpan.FromSeconds(2);

    /// <summary>The idle limit between stream reads (gateway-wide), short enough for the stall cells, long enough under load.</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(2500);

    /// <summary>
    /// The matrix: one row per fault kind. <c>{overloaded}</c> is the upstream's own overload status (Anthropic 529,
    /// OpenAI 503). A Chat client on an Anthropic upstream differs where a whole answer is buffered for translation
    /// (so a broken one is still uncommitted and falls back) and where the stream translator skips an unparsable event.
    /// </summary>
    public static readonly FaultRow[] Rows =
    [
        // fault                       mock spec                        stream+fallback   stream alone      whole+fallback  whole alone
        new("429 Retry-After seconds", "status:429;retry-after:1",      "ok@good#2",      "error:429#3",    "ok@good#2",    "error:429#3"),
        new("429 Retry-After date",    "status:429;retry-after-date:2", "ok@good#2",      "error:429#3",    "ok@good#2",    "error:429#3"),
        new("500",                     "status:500",                    "ok@good#2",      "error:500#3",    "ok@good#2",    "error:500#3"),
        new("502",                     "status:502",                    "ok@good#2",      "error:502#3",    "ok@good#2",    "error:502#3"),
        new("503",                     "status:503",                    "ok@good#2",      "error:503#3",    "ok@good#2",    "error:503#3"),
        new("529",                     "status:529",                    "ok@good#2",      "error:529#3",    "ok@good#2",    "error:529#3"),
        new("slow headers",            "slow-headers:10000",            "ok@good#2",      "error:504#3",    "ok@good#2",    "error:504#3"),
        new("stall before 1st event",  "stall-after:0",                 "ok@good#2",      "error:504#3",    "ok@good#2",    "error:504#3"),
        new("stall after 3 events",    "stall-after:3",                 "stream-error#1", "stream-error#1", "ok@good#2",    "error:504#3"),
        new("reset before headers",    "reset-before-headers",          "ok@good#2",      "error:502#3",    "ok@good#2",    "error:502#3"),
        new("reset after 0 bytes",     "reset-after-bytes:0",           "ok@good#2",      "error:502#3",    "ok@good#2",    "error:502#3"),
        new("reset mid-answer",        "reset-after-bytes:MID",         "stream-error#1", "stream-error#1", "ok@good#2",    "error:502#3")
        {
            Translated = ("stream-error#1", "stream-error#1", "ok@good#2", "error:502#3"),
        },
        new("cut stream",              "cut-after:3",                   "stream-error#1", "stream-error#1", "ok@good#2",    "error:502#3")
        {
            Translated = ("stream-error#1", "stream-error#1", "ok@good#2", "error:502#3"),
        },
        new("malformed event",         "malformed-after:3",             "stream-error#1", "stream-error#1", "ok@good#2",    "error:502#3")
        {
            Translated = ("ok@self#1", "ok@self#1", "ok@good#2", "error:502#3"),
        },
        new("first-event error",       "first-event-error",             "ok@good#2",      "error:502#3",    "ok@good#2",    "error:{overloaded}#3"),
        new("redirect (not followed)", "redirect",                      "ok@good#2",      "error:502#3",    "ok@good#2",    "error:502#3"),
    ];

    public static readonly Column[] Columns =
    [
        new(Client.Anthropic, Translated: false),
        new(Client.Chat, Translated: false),
        new(Client.Responses, Translated: false),
        new(Client.Chat, Translated: true),
    ];

    public static TheoryData<string, string> Cells()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Rows)
        {
            foreach (var column in Columns)
            {
                data.Add(row.Fault, column.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task EachFault_EndsInTheStatedOutcome_AndNeverRetriesAfterCommit(string fault, string column)
    {
        var row = Rows.Single(r => r.Fault == fault);
        var col = Columns.Single(c => c.Name == column);
        // The four cells of a row are independent (each has its own routes and target), so they run at once.
        var cells = await Task.WhenAll(row.CellsFor(col).Select(cell => RunCellAsync(col, Fixture.RouteName(row, col, cell.Stream, cell.Fallback), cell.Stream, cell.Fallback, cell.Expected)));
        var failures = cells.SelectMany(c => c).ToList();
        Assert.True(failures.Count == 0, $"{fault} × {column}:\n" + string.Join("\n", failures));
    }

    private async Task<List<string>> RunCellAsync(Column col, string model, bool stream, bool fallback, string stated)
    {
        var failures = new List<string>();
        var cell = $"{(stream ? "stream" : "whole")}{(fallback ? "+fallback" : " alone")}";
        var expected = stated.Replace("{overloaded}", col.Client == Client.Anthropic || col.Translated ? "529" : "503", StringComparison.Ordinal);
        var id = $"{model}-{Guid.NewGuid():N}";
        var outcome = await Outcome.ReadAsync(fixture.Gateway.Client, Outcome.Request(col.Client, model, stream, id), col.Client, stream);
        var seen = fixture.Mock.Counters.Attempts(id);

        // A retried attempt the gateway gave up on (a first-byte timeout) may reach the mock's counter a moment after
        // the answer (seconds later on a loaded machine): wait for it, boundedly, rather than read a count still in flight.
        for (var wait = 0; outcome.Attempts is { } made && seen < made && wait < 300; wait++)
        {
            await Task.Delay(50);
            seen = fixture.Mock.Counters.Attempts(id);
        }

        var actual = Describe(outcome, model, seen);
        if (actual != expected)
        {
            failures.Add($"{cell}: expected {expected}, got {actual}; {outcome}");
        }

        // The gateway's own count agrees with the mock's whenever it could say it (before commit or at it).
        if (outcome.Attempts is { } reported && reported != seen)
        {
            failures.Add($"{cell}: x-flowgate-attempts {reported}, the mock saw {seen}");
        }

        if (outcome.Kind == "error:429" && outcome.RetryAfter is null)
        {
            failures.Add($"{cell}: a 429 without Retry-After");
        }

        return failures;
    }

    private static string Describe(Outcome outcome, string model, int seen)
    {
        var kind = outcome.Kind;
        if (kind == "ok")
        {
            kind += outcome.Route == "good" ? "@good" : outcome.Route == model ? "@self" : "@" + outcome.Route;
        }

        return $"{kind}#{seen.ToString(CultureInfo.InvariantCulture)}";
    }

    public sealed record FaultRow(string Fault, string Spec, string StreamFallback, string StreamAlone, string WholeFallback, string WholeAlone)
    {
        /// <summary>Gets the outcomes of the translated column when they differ from the same-protocol ones.</summary>
        public (string StreamFallback, string StreamAlone, string WholeFallback, string WholeAlone)? Translated { get; init; }

        public (bool Stream, bool Fallback, string Expected)[] Cells =>
            [(true, true, StreamFallback), (true, false, StreamAlone), (false, true, WholeFallback), (false, false, WholeAlone)];

        public (bool Stream, bool Fallback, string Expected)[] CellsFor(Column column) => column.Translated && Translated is { } t
            ? [(true, true, t.StreamFallback), (true, false, t.StreamAlone), (false, true, t.WholeFallback), (false, false, t.WholeAlone)]
            : Cells;

        /// <summary>The spec for one cell: a reset mid-answer needs an offset past a stream's first event, and past a whole answer's first bytes.</summary>
        public string SpecFor(bool stream) => Spec.Replace("MID", stream ? "1500" : "40", StringComparison.Ordinal);

        public string Key => new([.. Fault.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
    }

    public sealed record Column(Client Client, bool Translated)
    {
        public string Name => Translated ? "chat→anthropic" : Outcome.Name(Client);
    }

    /// <summary>One mock and one gateway for the whole matrix; every cell has its own route and target model, so no cell's cool-down touches another.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        internal MockUpstreamServer Mock { get; private set; } = null!;

        internal TestGateway Gateway { get; private set; } = null!;

        public static string RouteName(FaultRow row, Column column, bool stream, bool fallback) =>
            $"{row.Key}.{(column.Translated ? "x" : Outcome.Name(column.Client))}.{(stream ? "s" : "w")}.{(fallback ? "fb" : "alone")}";

        public async Task InitializeAsync()
        {
            var faults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var routes = new List<RouteConfig>
            {
                Route("good", Target("same", "mock-large")),

                // Warm-up goes to targets of its own: a cold first request can miss a short first-byte limit, and
                // the target it missed on cools down for 60 s.
                Route("warm", Target("same", "mock-small")),
                Route("warm-x", Target("anthropic", "mock-small")),
            };
            foreach (var row in Rows)
            {
                foreach (var column in Columns)
                {
                    foreach (var (stream, fallback, _) in row.Cells)
                    {
                        var name = RouteName(row, column, stream, fallback);
                        faults[name] = row.SpecFor(stream);
                        var route = Route(name, Target(column.Translated ? "anthropic" : "same", name) with { Timeout = FirstByte });
                        routes.Add(fallback ? route with { Fallbacks = ["good"] } : route);
                    }
                }
            }

            Mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { FaultsByModel = faults, Deltas = 20, RequestLogCapacity = 0 });
            var config = Configs.Gateway([Instance("same", Mock), Anthropic("anthropic", Mock)], [.. routes]);
            Gateway = await TestGateway.StartAsync(config with
            {
                Limits = GatewayLimits.Default with { FirstByteTimeout = TimeSpan.FromSeconds(10), StreamIdleTimeout = Idle },
            });

            // Warm both sides up, so that no cell pays for the first request's JIT inside a short limit.
            foreach (var (client, route) in (IEnumerable<(Client, string)>)[(Client.Anthropic, "warm"), (Client.Chat, "warm"), (Client.Responses, "warm"), (Client.Chat, "warm-x")])
            {
                foreach (var stream in (bool[])[true, false, true, false])
                {
                    using var response = await Gateway.Client.SendAsync(Outcome.Request(client, route, stream, "warm-" + Guid.NewGuid()));
                    _ = await response.Content.ReadAsStringAsync();
                }
            }
        }

        public async Task DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Mock.DisposeAsync();
        }
    }
}
