using System.Text;

namespace FlowGate.Routing.AspNetCore.Metrics;

/// <summary>What the exporter needs of an instrument's aggregate, whatever its kind.</summary>
internal interface IInstrumentAggregate
{
    string Name { get; }

    void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    void Render(StringBuilder text);
}
