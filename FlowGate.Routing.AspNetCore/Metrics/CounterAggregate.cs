using System.Text;

namespace FlowGate.Routing.AspNetCore.Metrics;

/// <summary>A counter's series, rendered as <c>name{labels} value</c>.</summary>
internal sealed class CounterAggregate(string name, string? help, SeriesBudget budget) : InstrumentAggregate<CounterCell>(name, help, budget)
{
    protected override string TypeName => "counter";

    protected override CounterCell CreateCell() => new();

    protected override void Record(CounterCell cell, double value)
    {
        // Counters only go up; a negative add is a caller bug that would make Prometheus see a reset.
        if (value > 0)
        {
            cell.Add(value);
        }
    }

    protected override void Render(StringBuilder text, string labels, CounterCell cell)
    {
        text.Append(Name);
        AppendLabels(text, labels);
        text.Append(' ');
        PrometheusText.AppendNumber(text, cell.Value);
        text.Append('\n');
    }
}
