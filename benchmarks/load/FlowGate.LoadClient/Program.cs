using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

// The load harness's stream client (benchmarks/load/run.sh, docs/performance.md).
//
//   sse  --a URL --b URL --body FILE [--rounds 5] [--streams 8] [--concurrency K] [--pace-ms 20] [--deltas 64] [--warmup 200]
//        After --warmup short streams to each side (connections, JIT: tier-1 code needs ~30 calls of each method),
//        interleaved rounds: K streams to A (direct), then K to B (through the gateway), per round, --concurrency at
//        a time (default all K at once; 1 = one after another, the usual method for time to first byte). Every
//        event is timestamped as it arrives; prints TTFB (send → first "data:" frame) and inter-event gaps, the
//        per-round medians of (B − A) at p50 and p99, and frames lost (B's events short of A's) or stalled (a gap
//        over 10x the pacing).
//   hold --url URL --body FILE --streams 1000 [--pace-ms 1000] [--deltas 15]
//        Opens N concurrent paced streams, prints "READY n" once every stream has its first event (the harness then
//        samples the gateway's RSS), waits for them to end and prints how many completed in full.
var options = Options.Parse(args);
return options.Mode switch
{
    "sse" => await Sse.RunAsync(options),
    "hold" => await Hold.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: FlowGate.LoadClient sse --a URL --b URL --body FILE [--rounds N] [--streams K] [--concurrency C] [--pace-ms MS] [--deltas N] [--warmup N]\n"
        + "       FlowGate.LoadClient hold --url URL --body FILE --streams N [--pace-ms MS] [--deltas N]");
    return 2;
}

internal sealed record Options(string Mode, Dictionary<string, string> Values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Options(args.Length > 0 ? args[0] : string.Empty, values);
    }

    public string Get(string name) => Values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");

    public int Int(string name, int fallback) => Values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}

/// <summary>One stream as the client saw it: the time to the first data frame, the gaps between events, and their count.</summary>
internal sealed record StreamTiming(double TtfbUs, List<double> GapsUs, int Events, bool Complete);

internal static class StreamReader
{
    public static HttpClient Client(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Opens one stream and timestamps each "data:" frame as its bytes arrive.</summary>
    public static async Task<StreamTiming> ReadAsync(HttpClient client, string url, byte[] body, int paceMs, int deltas, Action? firstEvent = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("x-mock-pace-ms", paceMs.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("x-mock-deltas", deltas.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("authorization", "Bearer load-client");
        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
        }

        await using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var buffer = new byte[16 * 1024];
        var gaps = new List<double>(deltas + 8);
        double ttfb = -1;
        long last = 0;
        var events = 0;
        var complete = false;

        var line = new List<byte>(256);
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            var now = Stopwatch.GetTimestamp();
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (b != '\n')
                {
                    if (line.Count < 32)
                    {
                        line.Add(b);
                    }


                    continue;
                }

                if (line.Count >= 5 && line[0] == 'd' && line[1] == 'a' && line[2] == 't' && line[3] == 'a' && line[4] == ':')
                {
                    events++;
                    if (ttfb < 0)
                    {
                        ttfb = Stopwatch.GetElapsedTime(started, now).TotalMicroseconds;
                        firstEvent?.Invoke();
                    }
                    else
                    {
                        gaps.Add(Stopwatch.GetElapsedTime(last, now).TotalMicroseconds);
                    }

                    last = now;
                    var text = Encoding.ASCII.GetString([.. line]);
                    if (text.StartsWith("data: [DONE]", StringComparison.Ordinal) || text.Contains("message_stop", StringComparison.Ordinal) || text.Contains("response.completed", StringComparison.Ordinal))
                    {
                        complete = true;
                    }
                }

                line.Clear();

            }
        }

        return new StreamTiming(ttfb, gaps, events, complete);
    }
}

internal static class Stats
{
    public static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        var rank = Math.Clamp((int)Math.Ceiling(p / 100 * values.Count) - 1, 0, values.Count - 1);
        return values[rank];
    }

    public static double Median(List<double> values) => Percentile(values, 50);

    public static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
}

internal static class Sse
{
    public static async Task<int> RunAsync(Options o)
    {
        var a = o.Get("a");
        var b = o.Get("b");
        var body = await File.ReadAllBytesAsync(o.Get("body")).ConfigureAwait(false);
        var rounds = o.Int("rounds", 5);
        var streams = o.Int("streams", 8);
        var pace = o.Int("pace-ms", 20);
        var deltas = o.Int("deltas", 64);
        var concurrency = Math.Clamp(o.Int("concurrency", streams), 1, streams);
        var warmup = o.Int("warmup", 200);
        using var client = StreamReader.Client(streams * 2);

        // Warm-up: connections, JIT (tier-1 code) and the gateway's first requests; short streams, not counted.
        for (var done = 0; done < warmup; done += concurrency)
        {
            await Batch(client, a, body, concurrency, concurrency, 1, 4).ConfigureAwait(false);
            await Batch(client, b, body, concurrency, concurrency, 1, 4).ConfigureAwait(false);
        }

        var added = new Dictionary<string, List<double>>(StringComparer.Ordinal)
        {
            ["ttfb_p50"] = [], ["ttfb_p99"] = [], ["gap_p50"] = [], ["gap_p99"] = [],
        };
        var direct = new Dictionary<string, List<double>>(StringComparer.Ordinal) { ["ttfb_p50"] = [], ["gap_p50"] = [], ["gap_p99"] = [] };
        long eventsA = 0, eventsB = 0, lost = 0, stalledA = 0, stalledB = 0, incompleteB = 0;
        for (var r = 0; r < rounds; r++)
        {
            var ra = await Batch(client, a, body, streams, concurrency, pace, deltas).ConfigureAwait(false);
            var rb = await Batch(client, b, body, streams, concurrency, pace, deltas).ConfigureAwait(false);
            var (ta, ga) = Flatten(ra);
            var (tb, gb) = Flatten(rb);
            added["ttfb_p50"].Add(Stats.Percentile(tb, 50) - Stats.Percentile(ta, 50));
            added["ttfb_p99"].Add(Stats.Percentile(tb, 99) - Stats.Percentile(ta, 99));
            added["gap_p50"].Add(Stats.Percentile(gb, 50) - Stats.Percentile(ga, 50));
            added["gap_p99"].Add(Stats.Percentile(gb, 99) - Stats.Percentile(ga, 99));
            direct["ttfb_p50"].Add(Stats.Percentile(ta, 50));
            direct["gap_p50"].Add(Stats.Percentile(ga, 50));
            direct["gap_p99"].Add(Stats.Percentile(ga, 99));
            var na = ra.Sum(s => s.Events);
            var nb = rb.Sum(s => s.Events);
            eventsA += na;
            eventsB += nb;
            lost += Math.Max(0, ra.Max(s => s.Events) * streams - nb);
            stalledA += ga.Count(g => g > 10_000.0 * pace);
            stalledB += gb.Count(g => g > 10_000.0 * pace);
            incompleteB += rb.Count(s => !s.Complete);
            Console.Error.WriteLine($"round {r + 1}: ttfb p50 {Stats.F(Stats.Percentile(ta, 50))} -> {Stats.F(Stats.Percentile(tb, 50))} us; gap p99 {Stats.F(Stats.Percentile(ga, 99))} -> {Stats.F(Stats.Percentile(gb, 99))} us");
        }

        foreach (var (name, values) in direct)
        {
            Console.WriteLine($"direct_{name}_us={Stats.F(Stats.Median(values))}");
        }

        foreach (var (name, values) in added)
        {
            Console.WriteLine($"added_{name}_us={Stats.F(Stats.Median(values))}");
        }

        Console.WriteLine($"events_direct={eventsA} events_gateway={eventsB} frames_lost={lost} stalled_direct={stalledA} stalled_gateway={stalledB} incomplete_gateway={incompleteB}");
        return 0;
    }

    /// <summary>Runs <paramref name="streams"/> streams, <paramref name="concurrency"/> at a time.</summary>
    private static async Task<StreamTiming[]> Batch(HttpClient client, string url, byte[] body, int streams, int concurrency, int pace, int deltas)
    {
        var results = new List<StreamTiming>(streams);
        for (var started = 0; started < streams; started += concurrency)
        {
            var wave = Math.Min(concurrency, streams - started);
            results.AddRange(await Task.WhenAll(Enumerable.Range(0, wave).Select(_ => Task.Run(() => StreamReader.ReadAsync(client, url, body, pace, deltas)))).ConfigureAwait(false));
        }

        return [.. results];
    }

    private static (List<double> Ttfb, List<double> Gaps) Flatten(StreamTiming[] batch) =>
        ([.. batch.Select(s => s.TtfbUs)], [.. batch.SelectMany(s => s.GapsUs)]);
}

internal static class Hold
{
    public static async Task<int> RunAsync(Options o)
    {
        var url = o.Get("url");
        var body = await File.ReadAllBytesAsync(o.Get("body")).ConfigureAwait(false);
        var streams = o.Int("streams", 1000);
        var pace = o.Int("pace-ms", 1000);
        var deltas = o.Int("deltas", 15);
        using var client = StreamReader.Client(streams);
        var started = 0;
        var ready = new TaskCompletionSource();
        void First()
        {
            if (Interlocked.Increment(ref started) == streams)
            {
                ready.TrySetResult();
            }
        }

        var all = Enumerable.Range(0, streams).Select(_ => Task.Run(() => StreamReader.ReadAsync(client, url, body, pace, deltas, First))).ToArray();
        var whenAll = Task.WhenAll(all);
        if (await Task.WhenAny(ready.Task, whenAll, Task.Delay(TimeSpan.FromSeconds(60))).ConfigureAwait(false) == ready.Task)
        {
            Console.WriteLine($"READY {streams}");
        }
        else
        {
            Console.WriteLine($"NOT-READY {Volatile.Read(ref started)}");
        }

        try
        {
            await whenAll.ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            Console.Error.WriteLine(e.Message);
        }

        var done = all.Count(t => t.IsCompletedSuccessfully && t.Result.Complete);
        var expected = all.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result.Events).DefaultIfEmpty(0).Max();
        var full = all.Count(t => t.IsCompletedSuccessfully && t.Result.Events == expected);
        Console.WriteLine($"DONE complete={done} full={full} of={streams}");
        return done == streams ? 0 : 1;
    }
}
