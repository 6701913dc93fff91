using System.Collections.Concurrent;
using System.Text.Json;
using FlowGate.Routing.AspNetCore.State;
using FlowGate.Routing.Health;
using FlowGate.Routing.Sessions;
using FlowGate.Routing.Usage;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FlowGate.Routing.Redis.Sharing;

/// <summary>
/// This replica's link to the others through Redis. Requests never wait for it: they read and change the in-process
/// <see cref="GatewayState"/> as without Redis, and every change is then queued here (fire and forget) as a key write and
/// a pub/sub message; messages from other replicas are applied to the in-process state as they arrive. When Redis is
/// unreachable nothing is written (the replica routes on its own state, and says so once in the log and in
/// <c>/health</c>); on reconnection the shared keys are read back and this replica's live ejections written again.
/// </summary>
internal sealed partial class RedisSharedState : IStateReplication, ISharedStateStatus, IAsyncDisposable
{
    private static readonly TimeSpan BudgetKeyLife = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ConditionKeyLife = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan KeyBudgetKeyLife = TimeSpan.FromDays(2);
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);

    private readonly RedisStateOptions _options;
    private readonly ILogger _logger;
    private readonly RedisKeys _keys;
    private readonly RedisChannel _channel;
    private readonly ConcurrentDictionary<TargetId, ProbeClaim> _claims = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly BindingBroadcasts _bindings = new();
    private readonly CountOutbox _outbox;
    private GatewayState? _state;
    private ConnectionMultiplexer? _redis;
    private int _down = -1;
    private int _subscribed;
    private int _disposed;
    private long _since;

    public RedisSharedState(RedisStateOptions options, TimeProvider time, ILogger<RedisSharedState> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Time = time;
        _logger = logger;
        _keys = new RedisKeys(options.KeyPrefix);
        _channel = RedisChannel.Literal(_keys.Channel);
        ReplicaName = options.ReplicaName ?? Guid.NewGuid().ToString("N")[..12];
        _since = time.GetUtcNow().UtcTicks;
        _outbox = new CountOutbox(SendCount);
    }

    public TimeProvider Time { get; }

    public string ReplicaName { get; }

    public string Backend => "redis";

    public bool Connected => _redis is { IsConnected: true } && Volatile.Read(ref _down) == 0;

    public DateTimeOffset Since => new(Interlocked.Read(ref _since), TimeSpan.Zero);

    /// <summary>Gets the number of messages from other replicas applied so far (for tests and benchmarks).</summary>
    public long Received => Interlocked.Read(ref _received);

    private long _received;

    /// <summary>Gets the number of sticky bindings this replica has stored and broadcast (for tests and benchmarks).</summary>
    public long BindingsSent => Interlocked.Read(ref _bindingsSent);

    private long _bindingsSent;

    private IDatabase? Database => _redis is { IsConnected: true } redis ? redis.GetDatabase() : null;

    /// <summary>Makes <paramref name="state"/> share its changes: its budget counters count in Redis, its session changes are broadcast.</summary>
    public void Attach(GatewayState state)
    {
        _state = state;
        state.BudgetCounters = id => new RedisBudgetCounter(id, this);
        state.KeyBudgets = new RedisKeyBudgetCounter(this);
        state.Replication = this;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Not awaited: the gateway serves on its own state while Redis is being reached (or is down).
        _ = Task.Run(ConnectAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _stopping.Cancel();
        }

        return Task.CompletedTask;
    }

    // Idempotent: the container disposes it once per registration that hands it out.
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        if (_redis is { } redis)
        {
            await redis.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
            await redis.DisposeAsync().ConfigureAwait(false);
        }
    }

    // ---- Local changes, passed on ----

    /// <summary>A target's condition changed here: store it (for replicas that start or reconnect later) and broadcast it.</summary>
    public void ConditionChanged(TargetId target, TargetCondition condition)
    {
        var now = Time.GetUtcNow();
        var life = condition.IsEjected(now) ? condition.EjectedUntil - now + ConditionKeyLife : ConditionKeyLife;
        Send(Message(StateMessage.ConditionKind, target) with { Condition = SharedCondition.From(condition), At = now.UtcTicks }, _keys.Condition(target), life);
        if (condition.IsEjected(now))
        {
            ClaimProbe(target, condition.EjectedUntil);
        }
    }

    /// <summary>
    /// A session was bound (or bound again) here: stored and broadcast only when the binding is new, moves to another
    /// target, or the shared copy is a quarter of the time to live old (see <see cref="BindingBroadcasts"/>); most
    /// requests rebind their session unchanged, and those cost one dictionary look-up.
    /// </summary>
    public void SessionBound(string session, string route, TargetId target, DateTimeOffset at)
    {
        var policy = (_state?.Sticky.Current.Policy) ?? StickyPolicy.Default;
        if (!policy.Enabled || Database is null || !_bindings.ShouldSend(session, route, target, at, policy.Ttl, policy.Capacity))
        {
            return;
        }

        Interlocked.Increment(ref _bindingsSent);
        Send(Message(StateMessage.BindKind, target) with { Session = session, Route = route, At = at.UtcTicks }, _keys.Sticky(session, route), policy.Ttl);
    }

    public void SessionUnbound(string session, string route, TargetId target)
    {
        _bindings.Forget(session, route);
        if (Database is { } db)
        {
            Try(() => db.KeyDelete(_keys.Sticky(session, route), CommandFlags.FireAndForget));
        }

        Send(Message(StateMessage.UnbindKind, target) with { Session = session, Route = route }, null, default);
    }

    public void StreakFailed(string session, string model, int count, DateTimeOffset at) =>
        Send(new StateMessage { From = ReplicaName, Kind = StateMessage.StreakKind, Session = session, Model = model, Count = count, At = at.UtcTicks }, null, default);

    public void StreakEnded(string session, string model) =>
        Send(new StateMessage { From = ReplicaName, Kind = StateMessage.StreakEndKind, Session = session, Model = model }, null, default);

    /// <summary>
    /// Adds to a target's shared count for the current minute. The request only enqueues the increment; the outbox then
    /// broadcasts it (the others add it to their copies) and adds it in Redis (INCRBY on a per-minute key that expires),
    /// summed with the increments that gathered meanwhile. The total that comes back raises this replica's copy to what
    /// every replica counted, correcting any increment a replica missed.
    /// </summary>
    public void Count(TargetId target, DateTimeOffset now, char field, long amount)
    {
        if (amount > 0 && Database is not null)
        {
            _outbox.Add(new PendingCount(target, null, BudgetWindow.StartOf(now).UtcTicks, field), amount);
        }
    }

    /// <summary>
    /// Adds to a named gateway key's shared token count of the budget day, as <see cref="Count"/> does for targets: the
    /// increment is enqueued, then broadcast and added in Redis, and the total Redis returns raises this replica's copy.
    /// </summary>
    public void CountKey(string key, DateTimeOffset day, long tokens)
    {
        if (tokens > 0 && Database is not null)
        {
            _outbox.Add(new PendingCount(default, key, day.UtcTicks, 't'), tokens);
        }
    }

    /// <summary>Sends what the outbox holds now (tests; the thread pool does it otherwise).</summary>
    internal void FlushCounts() => _outbox.Execute();

    // Off the request path (the outbox's flush): one summed increment, broadcast and added in Redis.
    private void SendCount(PendingCount counter, long amount)
    {
        if (Database is not { } db)
        {
            return;
        }

        var window = new DateTimeOffset(counter.WindowTicks, TimeSpan.Zero);
        if (counter.KeyName is { } keyName)
        {
            Send(new StateMessage { From = ReplicaName, Kind = StateMessage.KeyBudgetKind, KeyName = keyName, At = counter.WindowTicks, Count = amount }, null, default);
            Increment(db, _keys.KeyBudget(keyName, window), amount, KeyBudgetKeyLife, total =>
            {
                if (_state?.KeyBudgets is RedisKeyBudgetCounter keys)
                {
                    keys.Raise(keyName, window, total);
                }
            });
        }
        else
        {
            Send(Message(StateMessage.BudgetKind, counter.Target) with { At = counter.WindowTicks, Field = counter.Field.ToString(), Count = amount }, null, default);
            Increment(db, _keys.Budget(counter.Target, window, counter.Field), amount, BudgetKeyLife, total => RaiseBudget(counter.Target, window, counter.Field, total));
        }
    }

    private void Increment(IDatabase db, string key, long amount, TimeSpan life, Action<long> raise)
    {
        try
        {
            var total = db.StringIncrementAsync(key, amount);
            db.KeyExpire(key, life, CommandFlags.FireAndForget);
            _ = total.ContinueWith(
                t =>
                {
                    if (t.IsCompletedSuccessfully)
                    {
                        raise(t.Result);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
        catch (Exception e) when (e is RedisException or ObjectDisposedException)
        {
            GoneDown(e);
        }
    }

    // ---- Probe ownership ----

    /// <summary>
    /// Gets whether another replica holds the probe of the half-open target whose ejection ended at <paramref name="until"/>.
    /// The claim is used once: if that replica never probes (it has no traffic), this one may after the probe lease.
    /// </summary>
    public bool ProbeBelongsElsewhere(TargetId target, DateTimeOffset until) =>
        _claims.TryGetValue(target, out var claim) && claim.Until == until && !claim.Mine && _claims.TryRemove(new(target, claim));

    // Every replica that learns of an ejection asks for its probe ahead of time (SET NX with the ejection's end in the
    // key), so when it ends exactly one of them probes and no request waits for the answer.
    private void ClaimProbe(TargetId target, DateTimeOffset until)
    {
        if ((_claims.TryGetValue(target, out var known) && known.Until == until) || Database is not { } db)
        {
            return;
        }

        _claims[target] = new ProbeClaim(until, Mine: true);
        var life = until - Time.GetUtcNow() + TimeSpan.FromMinutes(1);
        try
        {
            _ = db.StringSetAsync(_keys.Probe(target, until), ReplicaName, life < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : life, When.NotExists)
                .ContinueWith(
                    t =>
                    {
                        if (t.IsCompletedSuccessfully && !t.Result)
                        {
                            _claims.TryUpdate(target, new ProbeClaim(until, Mine: false), new ProbeClaim(until, Mine: true));
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
        }
        catch (Exception e) when (e is RedisException or ObjectDisposedException)
        {
            GoneDown(e);
        }
    }

    // ---- Other replicas' changes, applied ----

    internal void Apply(StateMessage message)
    {
        if (_state is not { } state)
        {
            return;
        }

        switch (message.Kind)
        {
            case StateMessage.ConditionKind when message.Condition is { } shared && state.TryGetTarget(message.Target, out var target):
                var condition = shared.ToCondition();
                if (target.Adopt(condition) && condition.IsEjected(Time.GetUtcNow()))
                {
                    ClaimProbe(message.Target, condition.EjectedUntil);
                }

                break;
            case StateMessage.BindKind when message is { Session: { } session, Route: { } route }:
                var at = SharedCondition.Time(message.At);
                var policy = state.Sticky.Current.Policy;
                state.Sticky.BindShared(session, route, message.Target, at);
                _bindings.Received(session, route, message.Target, at, policy.Ttl, policy.Capacity);
                break;
            case StateMessage.UnbindKind when message is { Session: { } session, Route: { } route }:
                state.Sticky.UnbindShared(session, route, message.Target);
                _bindings.Forget(session, route);
                break;
            case StateMessage.StreakKind when message is { Session: { } session, Model: { } model }:
                state.Streaks.FailedShared(session, model, (int)Math.Min(message.Count, int.MaxValue), SharedCondition.Time(message.At));
                break;
            case StateMessage.StreakEndKind when message is { Session: { } session, Model: { } model }:
                state.Streaks.EndedShared(session, model);
                break;
            case StateMessage.BudgetKind when message.Field is [var field] && state.TryGetTarget(message.Target, out var counted) && counted.Budget is RedisBudgetCounter counter:
                counter.Add(SharedCondition.Time(message.At), field, message.Count);
                break;
            case StateMessage.KeyBudgetKind when message.KeyName is { } keyName && state.KeyBudgets is RedisKeyBudgetCounter keys:
                keys.Add(keyName, SharedCondition.Time(message.At), message.Count);
                break;
        }
    }

    private void RaiseBudget(TargetId target, DateTimeOffset minute, char field, long total)
    {
        if (_state is { } state && state.TryGetTarget(target, out var t) && t.Budget is RedisBudgetCounter counter)
        {
            counter.Raise(minute, field, total);
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue value)
    {
        try
        {
            if (JsonSerializer.Deserialize((byte[])value!, StateMessageJson.Default.StateMessage) is { } message && message.From != ReplicaName)
            {
                Apply(message);
                Interlocked.Increment(ref _received);
            }
        }
        catch (JsonException)
        {
            // Not one of ours (another program on the channel): ignored.
        }
    }

    // ---- Connection ----

    private async Task ConnectAsync()
    {
        try
        {
            var config = ConfigurationOptions.Parse(_options.Configuration);
            if (!string.IsNullOrEmpty(_options.Password))
            {
                config.Password = _options.Password;
            }

            config.AbortOnConnectFail = false;
            config.BacklogPolicy = BacklogPolicy.FailFast;
            config.ReconnectRetryPolicy = new LinearRetry(500);
            config.ConnectTimeout = 5000;
            config.ConnectRetry = 1;
            config.ClientName = "flowgate-" + ReplicaName;
            var redis = await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
            _redis = redis;
            redis.ConnectionFailed += (_, e) => GoneDown(e.Exception);
            redis.ConnectionRestored += (_, _) => _ = Task.Run(ResumeAsync);
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            if (redis.IsConnected)
            {
                await ResumeAsync().ConfigureAwait(false);
            }
            else
            {
                GoneDown(null);
            }

            // The library raises ConnectionRestored after a lost connection, not when a first connection that failed (Redis
            // not up yet at start-up) finally succeeds: a slow watch covers that and any missed event.
            while (!_stopping.IsCancellationRequested)
            {
                await Task.Delay(WatchInterval, _stopping.Token).ConfigureAwait(false);
                if (redis.IsConnected && Volatile.Read(ref _down) != 0)
                {
                    await ResumeAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e) when (e is RedisException or ArgumentException or ObjectDisposedException)
        {
            // A configuration StackExchange.Redis refuses (the options were validated, so rare): no sharing, said once.
            GoneDown(e);
        }
    }

    private async Task ResumeAsync()
    {
        if (_redis is not { IsConnected: true } redis || _stopping.IsCancellationRequested)
        {
            return;
        }

        try
        {
            // Once: the library restores its subscriptions after a reconnection (a second one would apply every message twice).
            if (Interlocked.Exchange(ref _subscribed, 1) == 0)
            {
                try
                {
                    await redis.GetSubscriber().SubscribeAsync(_channel, OnMessage).ConfigureAwait(false);
                }
                catch
                {
                    Interlocked.Exchange(ref _subscribed, 0);
                    throw;
                }
            }

            await ResyncAsync(redis).ConfigureAwait(false);
            if (Interlocked.Exchange(ref _down, 0) != 0)
            {
                Interlocked.Exchange(ref _since, Time.GetUtcNow().UtcTicks);
                var endpoints = string.Join(", ", redis.GetEndPoints().Select(e => e.ToString()));
                Log.Sharing(_logger, endpoints);
            }
        }
        catch (Exception e) when (e is RedisException or ObjectDisposedException)
        {
            GoneDown(e);
        }
    }

    // After (re)connecting: what the others shared meanwhile is read back, then this replica's live ejections (made while
    // it could not write) are written again.
    private async Task ResyncAsync(ConnectionMultiplexer redis)
    {
        if (_state is not { } state)
        {
            return;
        }

        // What was shared before may be gone (Redis restarted empty): every binding in use is sent again on its next use,
        // except those read back here.
        _bindings.Clear();
        var db = redis.GetDatabase();
        foreach (var server in redis.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            foreach (var pattern in (string[])[_keys.ConditionPattern, _keys.StickyPattern])
            {
                await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: 500).WithCancellation(_stopping.Token).ConfigureAwait(false))
                {
                    if (await db.StringGetAsync(key).ConfigureAwait(false) is { HasValue: true } value &&
                        Parse(value) is { } message)
                    {
                        Apply(message);
                    }
                }
            }
        }

        var now = Time.GetUtcNow();
        var minute = BudgetWindow.StartOf(now);
        foreach (var (id, target) in state.Targets.ToList())
        {
            if (target.Condition.IsEjected(now))
            {
                ConditionChanged(id, target.Condition);
            }

            foreach (var field in (char[])['r', 't'])
            {
                if (await db.StringGetAsync(_keys.Budget(id, minute, field)).ConfigureAwait(false) is { HasValue: true } total && total.TryParse(out long count))
                {
                    RaiseBudget(id, minute, field, count);
                }
            }
        }
    }

    private static StateMessage? Parse(RedisValue value)
    {
        try
        {
            return JsonSerializer.Deserialize((byte[])value!, StateMessageJson.Default.StateMessage);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void GoneDown(Exception? cause)
    {
        if (Interlocked.Exchange(ref _down, 1) != 1 && !_stopping.IsCancellationRequested)
        {
            Interlocked.Exchange(ref _since, Time.GetUtcNow().UtcTicks);
            // The message names the failure, never the configuration string (it may carry the password).
            var what = cause?.GetType().Name ?? "not connected";
            Log.NotSharing(_logger, what);
        }
    }

    private StateMessage Message(string kind, TargetId target) => new() { From = ReplicaName, Kind = kind, Upstream = target.Upstream, Model = target.Model };

    private void Send(StateMessage message, string? key, TimeSpan life)
    {
        if (Database is not { } db)
        {
            return;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(message, StateMessageJson.Default.StateMessage);
        Try(() =>
        {
            if (key is not null)
            {
                db.StringSet(key, json, life > TimeSpan.Zero ? life : TimeSpan.FromSeconds(1), When.Always, CommandFlags.FireAndForget);
            }

            db.Publish(_channel, json, CommandFlags.FireAndForget);
        });
    }

    private void Try(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is RedisException or ObjectDisposedException)
        {
            GoneDown(e);
        }
    }

    private readonly record struct ProbeClaim(DateTimeOffset Until, bool Mine);

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Shared state: Redis is unreachable ({Cause}); this replica routes on its own state until it reconnects")]
        public static partial void NotSharing(ILogger logger, string cause);

        [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Shared state: connected to Redis at {Endpoints}; routing state is shared with the other replicas")]
        public static partial void Sharing(ILogger logger, string endpoints);
    }
}
