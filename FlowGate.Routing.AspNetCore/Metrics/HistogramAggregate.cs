using System.Globalization;
using System.Text;

namespace FlowGate.Routing.AspNetCore.Metrics;

/// <summary>A histogram's series with fixed buckets, rendered as cumulative <c>_bucket{le}</c>, <c>_sum</c> and <c>_count</c>.</summary>
internal sealed class HistogramAggregate(string name, string? help, SeriesBudget budget) : InstrumentAggregate<HistogramCell>(name, help, budget)
{
    /// <summary>Upper bounds in seconds: from a fast local upstream's milliseconds to a long reasoning stream's minutes.</summary>
    public static readonly double[] Bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    private static readonly string[] BoundLabels = [.. Bounds.Select(b => "le=\"" + b.ToString("R", CultureInfo.InvariantCulture) + "\""), "le=\"+Inf\""];

    protected override string TypeName => "histogram";

    protected override HistogramCell CreateCell() => new(Bounds.Length);

    protected override void Record(HistogramCell cell, double value)
    {
        var bucket = Array.BinarySearch(Bounds, value);
        cell.Record(bucket >= 0 ? bucket : ~bucket, value);
    }

    protected override void Render(StringBuilder text, string labels, HistogramCell cell)
    {
        // The count is the buckets' total, so _count always equals the +Inf bucket even while measurements land.
        var counts = cell.Snapshot();
        long cumulative = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            cumulative += counts[i];
            text.Append(Name).Append("_bucket");
            AppendLabels(text, labels, BoundLabels[i]);
            text.Append(' ').Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append(Name).Append("_sum");
        AppendLabels(text, labels);
        text.Append(' ');
        PrometheusText.AppendNumber(text, cell.Sum);
        text.Append('\n');
        text.Append(Name).Append("_count");
        AppendLabels(text, labels);
        text.Append(' ').Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
