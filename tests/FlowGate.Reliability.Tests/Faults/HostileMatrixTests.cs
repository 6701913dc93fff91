using System.Globalization;
using FlowGate.MockUpstream;
using FlowGate.Reliability.Tests.Harness;
using FlowGate.Routing;
using FlowGate.Routing.AspNetCore;
using FlowGate.Routing.AspNetCore.Tests.Proxy;
using static FlowGate.Routing.AspNetCore.Tests.Proxy.Configs;

namespace FlowGate.Reliability.Tests.Faults;

/// <summary>
/// The fault matrix's hostile rows: an upstream that quotes the key in its errors, answers 200 with HTML, junk,
/// half an answer, two <c>Content-Length</c>s or invalid UTF-8, sends one event larger than the per-event cap, or
/// puts <c>data: [DONE]</c> in its text and then cuts the stream. Every client column, streamed and whole, with a
/// fallback (to the friendly mock) and alone. Cells read as in <see cref="FaultMatrixTests"/>; none may be a 500 or a
/// clean end, and no cell may show the upstream key.
/// </summary>
public sealed class HostileMatrixTests(HostileMatrixTests.Fixture fixture) : IClassFixture<HostileMatrixTests.Fixture>
{
    public static readonly FaultMatrixTests.FaultRow[] Rows =
    [
        // fault                   hostile model       stream+fallback   stream alone      whole+fallback  whole alone
        new("error quoting the key", "echo-500",      "ok@good#2",      "error:500#1",    "ok@good#2",    "error:500#1"),
        new("HTML 200",              "html-200",      "ok@good#2",      "error:502#1",    "ok@good#2",    "error:502#1"),
        new("JSON then junk",        "junk-200",      "ok@good#2",      "error:502#1",    "ok@good#2",    "error:502#1"),
        new("half an answer",        "truncated-200", "ok@good#2",      "error:502#1",    "ok@good#2",    "error:502#1"),
        new("two Content-Lengths",   "dup-cl",        "ok@good#2",      "error:502#1",    "ok@good#2",    "error:502#1"),
        new("invalid UTF-8",         "bad-utf8",      "ok@good#2",      "error:502#1",    "ok@good#2",    "error:502#1"),
        new("one 33 MiB event",      "huge-event-33", "stream-error#1", "stream-error#1", "ok@self#1",    "ok@self#1"),
        new("[DONE] inside text",    "done-in-text",  "stream-error#1", "stream-error#1", "ok@self#1",    "ok@self#1"),
    ];

    public static TheoryData<string, string> Cells()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Rows)
        {
            foreach (var column in FaultMatrixTests.Columns)
            {
                data.Add(row.Fault, column.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task EachHostileFault_EndsInAFallbackOrAProtocolError_NeverA500OrACleanEnd(string fault, string column)
    {
        var row = Rows.Single(r => r.Fault == fault);
        var col = FaultMatrixTests.Columns.Single(c => c.Name == column);
        var failures = new List<string>();
        foreach (var (stream, fallback, expected) in row.CellsFor(col))
        {
            var model = Fixture.RouteName(row, col, stream, fallback);
            var id = $"{model}-{Guid.NewGuid():N}";
            var outcome = await Outcome.ReadAsync(fixture.Gateway.Client, Outcome.Request(col.Client, model, stream, id), col.Client, stream);
            var seen = fixture.Hostile.Attempts(id) + fixture.Mock.Counters.Attempts(id);
            var kind = outcome.Kind == "ok" ? "ok" + (outcome.Route == "good" ? "@good" : outcome.Route == model ? "@self" : "@" + outcome.Route) : outcome.Kind;
            var actual = $"{kind}#{seen.ToString(CultureInfo.InvariantCulture)}";
            var cell = $"{(stream ? "stream" : "whole")}{(fallback ? "+fallback" : " alone")}";
            if (actual != expected)
            {
                failures.Add($"{cell}: expected {expected}, got {actual}; {outcome}");
            }

            if (outcome.Body.Contains(UpstreamKey, StringComparison.Ordinal))
            {
                failures.Add($"{cell}: the upstream key reached the client");
            }
        }

        Assert.True(failures.Count == 0, $"{fault} × {column}:\n" + string.Join("\n", failures));
    }

    /// <summary>One hostile upstream, one friendly mock (the fallback), one gateway; every cell has its own route.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        internal HostileUpstream Hostile { get; private set; } = null!;

        internal MockUpstreamServer Mock { get; private set; } = null!;

        internal TestGateway Gateway { get; private set; } = null!;

        public static string RouteName(FaultMatrixTests.FaultRow row, FaultMatrixTests.Column column, bool stream, bool fallback) =>
            $"{row.Spec}.{(column.Translated ? "x" : Outcome.Name(column.Client))}.{(stream ? "s" : "w")}.{(fallback ? "fb" : "alone")}";

        public async Task InitializeAsync()
        {
            Hostile = HostileUpstream.Start();
            Mock = await MockUpstreamServer.StartAsync(new MockUpstreamOptions { RequestLogCapacity = 0 });
            var routes = new List<RouteConfig> { Route("good", Target("mock", "mock-large")) };
            foreach (var row in Rows)
            {
                foreach (var column in FaultMatrixTests.Columns)
                {
                    foreach (var (stream, fallback, _) in row.Cells)
                    {
                        var name = RouteName(row, column, stream, fallback);
                        var route = Route(name, Target(column.Translated ? "anthropic" : "same", name));
                        routes.Add(fallback ? route with { Fallbacks = ["good"] } : route);
                    }
                }
            }

            Gateway = await TestGateway.StartAsync(Configs.Gateway(
                [Harness.Hostile.Instance("same", Hostile), Harness.Hostile.Anthropic("anthropic", Hostile), Instance("mock", Mock)],
                [.. routes]) with { Limits = GatewayLimits.Default with { StreamIdleTimeout = TimeSpan.FromSeconds(20) } });
        }

        public async Task DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Mock.DisposeAsync();
            await Hostile.DisposeAsync();
        }
    }
}
