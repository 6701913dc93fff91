using FlowGate.Routing.Usage;

namespace FlowGate.Routing.AspNetCore.Usage;

/// <summary>
/// The usage ledger's unit: the requests and tokens of one (day, route, upstream, model, key). Rows older than the
/// ledger's roll-up age are merged into one row per month, dated the month's first day.
/// </summary>
internal sealed record UsageRow(DateOnly Day, string Route, string Upstream, string Model, string Key, long Requests, TokenUsage Tokens);
