using System.Collections.Concurrent;
using System.Text;

namespace FlowGate.Routing.AspNetCore.Metrics;

/// <summary>
/// One instrument's series, keyed by tag set. Recording looks the series up without allocating; only the first
/// measurement of a tag set creates its cell, and only while the exporter's series budget lasts.
/// </summary>
/// <typeparam name="TCell">The per-series state.</typeparam>
internal abstract class InstrumentAggregate<TCell> : IInstrumentAggregate
    where TCell : class
{
    private readonly ConcurrentDictionary<SeriesKey, TCell> _series = new();
    private readonly SeriesBudget _budget;

    protected InstrumentAggregate(string name, string? help, SeriesBudget budget)
    {
        Name = PrometheusText.Name(name);
        Help = help;
        _budget = budget;
    }

    public string Name { get; }

    public string? Help { get; }

    protected abstract string TypeName { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!SeriesKey.TryCreate(tags, out var key))
        {
            _budget.Drop();
            return;
        }

        if (!_series.TryGetValue(key, out var cell))
        {
            if (!_budget.TryTake())
            {
                return;
            }

            cell = _series.GetOrAdd(key, _ => CreateCell());
        }

        Record(cell, value);
    }

    public void Render(StringBuilder text)
    {
        if (_series.IsEmpty)
        {
            return;
        }

        if (Help is not null)
        {
            text.Append("# HELP ").Append(Name).Append(' ');
            PrometheusText.AppendHelp(text, Help);
            text.Append('\n');
        }

        text.Append("# TYPE ").Append(Name).Append(' ').Append(TypeName).Append('\n');
        var ordered = _series.Select(s => (Labels: Labels(s.Key), s.Value)).OrderBy(s => s.Labels, StringComparer.Ordinal);
        foreach (var (labels, cell) in ordered)
        {
            Render(text, labels, cell);
        }
    }

    protected abstract TCell CreateCell();

    protected abstract void Record(TCell cell, double value);

    /// <summary>Writes one series' sample lines; <paramref name="labels"/> is the rendered <c>name="value",...</c> list without braces.</summary>
    protected abstract void Render(StringBuilder text, string labels, TCell cell);

    /// <summary>Appends <c>{labels[,extra]}</c>, or nothing when both are empty.</summary>
    protected static void AppendLabels(StringBuilder text, string labels, string? extra = null)
    {
        if (labels.Length == 0 && extra is null)
        {
            return;
        }

        text.Append('{').Append(labels);
        if (extra is not null)
        {
            text.Append(labels.Length == 0 ? string.Empty : ",").Append(extra);
        }

        text.Append('}');
    }

    private static string Labels(SeriesKey key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Count; i++)
        {
            var (name, value) = key[i];
            text.Append(i == 0 ? string.Empty : ",").Append(PrometheusText.Name(name)).Append("=\"");
            PrometheusText.AppendLabelValue(text, value);
            text.Append('"');
        }

        return text.ToString();
    }
}
