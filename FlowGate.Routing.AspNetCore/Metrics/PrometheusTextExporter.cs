using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace FlowGate.Routing.AspNetCore.Metrics;

/// <summary>
/// Aggregates the measurements of this host's <see cref="FlowGateMetrics"/> meter in memory and renders them in the
/// Prometheus text exposition format 0.0.4 for <c>GET /metrics</c>. Only the instruments of that exact meter instance
/// are listened to, so several hosts in one process (tests) never see each other's measurements. Counters and
/// histograms are kept; other instrument kinds are ignored. Distinct series are capped (<see cref="DefaultMaxSeries"/>),
/// and measurements past the cap are counted in <c>flowgate_metrics_series_dropped_total</c>.
/// </summary>
internal sealed class PrometheusTextExporter : IDisposable
{
    /// <summary>The default cap on distinct series.</summary>
    public const int DefaultMaxSeries = 10_000;

    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, IInstrumentAggregate> _instruments = new();
    private readonly SeriesBudget _budget;

    /// <summary>Initializes a new instance of the <see cref="PrometheusTextExporter"/> class and starts listening.</summary>
    public PrometheusTextExporter(FlowGateMetrics metrics, int maxSeries = DefaultMaxSeries)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var meter = metrics.Meter;
        _budget = new SeriesBudget(maxSeries);
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && Aggregate(instrument) is { } aggregate)
                {
                    listener.EnableMeasurementEvents(instrument, _instruments.GetOrAdd(instrument, aggregate));
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((IInstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((IInstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((IInstrumentAggregate)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Gets how many measurements were dropped because the series cap was reached or they had too many tags.</summary>
    public long DroppedMeasurements => _budget.Dropped;

    /// <summary>Renders every series, instruments ordered by name and series by labels.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        foreach (var aggregate in _instruments.Values.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            aggregate.Render(text);
        }

        text.Append("# HELP flowgate_metrics_series_dropped_total Measurements not kept because the series cap was reached.\n")
            .Append("# TYPE flowgate_metrics_series_dropped_total counter\n")
            .Append("flowgate_metrics_series_dropped_total ").Append(_budget.Dropped).Append('\n');
        return text.ToString();
    }

    /// <summary>Stops listening.</summary>
    public void Dispose() => _listener.Dispose();

    private IInstrumentAggregate? Aggregate(Instrument instrument) => instrument switch
    {
        Counter<long> or Counter<int> or Counter<double> => new CounterAggregate(instrument.Name, instrument.Description, _budget),
        Histogram<long> or Histogram<int> or Histogram<double> => new HistogramAggregate(instrument.Name, instrument.Description, _budget),
        _ => null,
    };
}
