using System.Globalization;
using FlowGate.MockUpstream.Faults;

namespace FlowGate.MockUpstream;

/// <summary>The standalone host's arguments, read into <see cref="MockUpstreamOptions"/>.</summary>
public static class MockCommandLine
{
    /// <summary>The usage line printed on <c>--help</c> and on errors.</summary>
    public const string Usage =
        "usage: FlowGate.MockUpstream [--port N] [--pace-ms MS] [--deltas N] [--max-echo N] [--name NAME] "
        + "[--reject-foreign-signatures] [--strict] [--log-requests] [--fault MODEL=SPEC]... [--endpoint-fault ENDPOINT=SPEC]...";

    /// <summary>The port used when <c>--port</c> is not given.</summary>
    public const int DefaultPort = 9001;

    /// <summary>Parses the arguments; the standalone host keeps no request log.</summary>
    /// <returns>The options, or null when <c>--help</c> was asked for.</returns>
    /// <exception cref="FormatException">An argument is unknown, lacks its value or has a bad one (fault specs included).</exception>
    public static MockUpstreamOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new MockUpstreamOptions { Port = DefaultPort, RequestLogCapacity = 0, Strict = false };
        var faultsByModel = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var faultsByEndpoint = new Dictionary<MockEndpoint, string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{arg} needs a value");
            int Number() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"{arg} needs a number");
            switch (arg)
            {
                case "--port":
                    options = With(options, port: Number());
                    break;
                case "--pace-ms":
                    options = With(options, paceMs: Number());
                    break;
                case "--deltas":
                    options = With(options, deltas: Math.Max(1, Number()));
                    break;
                case "--max-echo":
                    options = With(options, maxEcho: Number());
                    break;
                case "--name":
                    options = With(options, name: Value());
                    break;
                case "--reject-foreign-signatures":
                    options = With(options, rejectForeign: true);
                    break;
                case "--strict":
                    options = With(options, strict: true);
                    break;
                case "--log-requests":
                    options = With(options, requestLines: Console.Out);
                    break;
                case "--fault" or "--endpoint-fault":
                    var (key, spec) = Pair(arg, Value());
                    MockFault.Parse(spec);
                    if (arg == "--fault")
                    {
                        faultsByModel[key] = spec;
                    }
                    else
                    {
                        faultsByEndpoint[Enum.TryParse<MockEndpoint>(key, ignoreCase: true, out var endpoint) ? endpoint : throw new FormatException($"unknown endpoint '{key}'")] = spec;
                    }

                    break;
                case "-h" or "--help":
                    return null;
                default:
                    throw new FormatException($"unknown option '{arg}'");
            }
        }

        return With(options, faultsByModel: faultsByModel, faultsByEndpoint: faultsByEndpoint);
    }

    private static (string Key, string Spec) Pair(string arg, string pair)
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 ? (pair[..eq].Trim(), pair[(eq + 1)..].Trim()) : throw new FormatException($"{arg} takes KEY=SPEC, not '{pair}'");
    }

    private static MockUpstreamOptions With(
        MockUpstreamOptions o, int? port = null, int? paceMs = null, int? deltas = null, int? maxEcho = null, string? name = null, bool? rejectForeign = null,
        TextWriter? requestLines = null, bool? strict = null,
        IReadOnlyDictionary<string, string>? faultsByModel = null, IReadOnlyDictionary<MockEndpoint, string>? faultsByEndpoint = null) => new()
        {
            Port = port ?? o.Port,
            PaceMs = paceMs ?? o.PaceMs,
            Deltas = deltas ?? o.Deltas,
            MaxEchoChars = maxEcho ?? o.MaxEchoChars,
            Name = name ?? o.Name,
            RejectForeignSignatures = rejectForeign ?? o.RejectForeignSignatures,
            Strict = strict ?? o.Strict,
            FaultsByModel = faultsByModel ?? o.FaultsByModel,
            FaultsByEndpoint = faultsByEndpoint ?? o.FaultsByEndpoint,
            Models = o.Models,
            RequestLogCapacity = o.RequestLogCapacity,
            RequestLines = requestLines ?? o.RequestLines,
            MaxRequestBodyBytes = o.MaxRequestBodyBytes,
        };
}
