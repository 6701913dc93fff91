using System.Globalization;
using FlowGate.Routing.Usage;
using Microsoft.Data.Sqlite;

namespace FlowGate.Routing.AspNetCore.Usage;

/// <summary>
/// The usage ledger in an embedded SQLite file, so it survives restarts. One row per (day, route, upstream, model,
/// key), added to in one transaction per batch. Bounded: day rows older than <see cref="RollUpAfterDays"/> are merged
/// into one row per month (dated the month's first day), and beyond <see cref="MaxRows"/> rows the oldest go.
/// </summary>
internal sealed class SqliteUsageLedger : IUsageLedger
{
    private const string Columns = "day, route, upstream, model, key, requests, input, output, cache_read, cache_write, reasoning";

    private const string AddToRow = """
        ON CONFLICT (day, route, upstream, model, key) DO UPDATE SET
            requests = requests + excluded.requests, input = input + excluded.input, output = output + excluded.output,
            cache_read = cache_read + excluded.cache_read, cache_write = cache_write + excluded.cache_write,
            reasoning = reasoning + excluded.reasoning
        """;

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private DateOnly _rolledUpOn;

    public SqliteUsageLedger(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode = WAL");

        // With the write-ahead log, NORMAL syncs at checkpoints instead of at every commit: a crash of the gateway loses
        // nothing, a power cut at most the last moments of usage. Syncing every batch cost the proxy about a tenth of its
        // CPU under load (an fsync every few requests).
        Execute("PRAGMA synchronous = NORMAL");
        Execute($"""
            CREATE TABLE IF NOT EXISTS usage (
                day TEXT NOT NULL, route TEXT NOT NULL, upstream TEXT NOT NULL, model TEXT NOT NULL, key TEXT NOT NULL,
                requests INTEGER NOT NULL, input INTEGER NOT NULL, output INTEGER NOT NULL,
                cache_read INTEGER NOT NULL, cache_write INTEGER NOT NULL, reasoning INTEGER NOT NULL,
                PRIMARY KEY (day, route, upstream, model, key)) WITHOUT ROWID
            """);

        // Each key's tokens in its latest budget day, so that a restart does not hand a spent key its budget back. One
        // row per key name; budget days need not start at midnight UTC, so the day rows above cannot say this alone.
        Execute("""
            CREATE TABLE IF NOT EXISTS key_budget (
                key TEXT NOT NULL PRIMARY KEY, day_start TEXT NOT NULL, tokens INTEGER NOT NULL) WITHOUT ROWID
            """);
    }

    /// <summary>Gets the file's full path.</summary>
    public string Path { get; }

    /// <summary>Gets or sets the age in days after which day rows are merged into month rows.</summary>
    public int RollUpAfterDays { get; init; } = 62;

    /// <summary>Gets or sets the most rows kept; the oldest beyond it are deleted.</summary>
    public int MaxRows { get; init; } = 200_000;

    public void Add(IReadOnlyList<UsageEntry> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        // The batch is summed first: a busy minute is a handful of upserts, not one per request.
        var rows = new Dictionary<UsageRowKey, (long Requests, TokenUsage Tokens)>();
        foreach (var entry in batch)
        {
            var key = UsageRowKey.Of(entry);
            var row = rows.GetValueOrDefault(key);
            rows[key] = (row.Requests + 1, row.Tokens + entry.Tokens);
        }

        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO usage ({Columns}) VALUES ($day, $route, $upstream, $model, $key, $requests, $input, $output, $cache_read, $cache_write, $reasoning) {AddToRow}";
            var parameters = "day route upstream model key requests input output cache_read cache_write reasoning".Split(' ').Select(n => insert.Parameters.Add(new SqliteParameter { ParameterName = "$" + n })).ToArray();
            foreach (var (key, (requests, tokens)) in rows)
            {
                object[] values = [Day(key.Day), key.Route, key.Upstream, key.Model, key.Key, requests, tokens.Input, tokens.Output, tokens.CacheRead, tokens.CacheWrite, tokens.Reasoning];
                for (var i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i];
                }

                insert.ExecuteNonQuery();
            }

            AddKeyBudgets(batch, transaction);
            var today = batch[^1].Day;
            if (today != _rolledUpOn)
            {
                RollUp(today, transaction);
                _rolledUpOn = today;
            }

            transaction.Commit();
        }
    }

    public IReadOnlyList<UsageRow> Query(DateOnly since)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM usage WHERE day >= $since ORDER BY day";
            command.Parameters.AddWithValue("$since", Day(since));
            using var reader = command.ExecuteReader();
            var rows = new List<UsageRow>();
            while (reader.Read())
            {
                rows.Add(new UsageRow(
                    DateOnly.ParseExact(reader.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetInt64(5),
                    new TokenUsage(reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10))));
            }

            return rows;
        }
    }

    public IReadOnlyDictionary<string, long> KeyBudgetTokens(DateTimeOffset dayStart)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT key, tokens FROM key_budget WHERE day_start = $day_start";
            command.Parameters.AddWithValue("$day_start", Instant(dayStart));
            using var reader = command.ExecuteReader();
            var tokens = new Dictionary<string, long>(StringComparer.Ordinal);
            while (reader.Read())
            {
                tokens[reader.GetString(0)] = reader.GetInt64(1);
            }

            return tokens;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Fixed-width UTC text, so that comparing the strings orders the instants.
    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Adds the batch's tokens to each key's budget-day row: to the count of the same day, in place of the count of an
    /// earlier day; a late entry for a day already past is ignored, as the in-process counter ignores it.
    /// </summary>
    private void AddKeyBudgets(IReadOnlyList<UsageEntry> batch, SqliteTransaction transaction)
    {
        var days = new Dictionary<(string Key, DateTimeOffset Day), long>();
        foreach (var entry in batch)
        {
            if (entry.BudgetDay is { } day)
            {
                days[(entry.Key, day)] = days.GetValueOrDefault((entry.Key, day)) + Math.Max(0, entry.Tokens.Total);
            }
        }

        if (days.Count == 0)
        {
            return;
        }

        using var upsert = _connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = """
            INSERT INTO key_budget (key, day_start, tokens) VALUES ($key, $day_start, $tokens)
            ON CONFLICT (key) DO UPDATE SET
                tokens = CASE WHEN excluded.day_start = day_start THEN tokens + excluded.tokens
                              WHEN excluded.day_start > day_start THEN excluded.tokens
                              ELSE tokens END,
                day_start = max(day_start, excluded.day_start)
            """;
        var key = upsert.Parameters.Add(new SqliteParameter { ParameterName = "$key" });
        var dayStart = upsert.Parameters.Add(new SqliteParameter { ParameterName = "$day_start" });
        var tokens = upsert.Parameters.Add(new SqliteParameter { ParameterName = "$tokens" });

        // Oldest day first, so that a batch spanning a boundary ends on the new day's count.
        foreach (var ((name, day), count) in days.OrderBy(d => d.Key.Day))
        {
            key.Value = name;
            dayStart.Value = Instant(day);
            tokens.Value = count;
            upsert.ExecuteNonQuery();
        }
    }

    /// <summary>Merges old day rows into month rows, then trims the oldest rows beyond the cap.</summary>
    private void RollUp(DateOnly today, SqliteTransaction transaction)
    {
        var cutoff = Day(today.AddDays(-RollUpAfterDays));
        using var merge = _connection.CreateCommand();
        merge.Transaction = transaction;
        merge.Parameters.AddWithValue("$cutoff", cutoff);
        merge.Parameters.AddWithValue("$max", MaxRows);
        merge.CommandText = $"""
            INSERT INTO usage ({Columns})
                SELECT substr(day, 1, 8) || '01', route, upstream, model, key, sum(requests), sum(input), sum(output),
                       sum(cache_read), sum(cache_write), sum(reasoning)
                FROM usage WHERE day < $cutoff AND substr(day, 9, 2) <> '01'
                GROUP BY substr(day, 1, 8), route, upstream, model, key
                {AddToRow};
            DELETE FROM usage WHERE day < $cutoff AND substr(day, 9, 2) <> '01';
            DELETE FROM usage WHERE (day, route, upstream, model, key) IN (
                SELECT day, route, upstream, model, key FROM usage ORDER BY day
                LIMIT max((SELECT count(*) FROM usage) - $max, 0));
            """;
        merge.ExecuteNonQuery();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
