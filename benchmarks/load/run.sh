#!/usr/bin/env bash
# FlowGate's side-by-side load harness (see docs/performance.md). Not part of the test run.
#
#   bash benchmarks/load/run.sh --static   # the headline only: the static upstream (about 4 minutes)
#   bash benchmarks/load/run.sh            # every phase: the static upstream, then the mock phases (about 17 minutes)
#   bash benchmarks/load/run.sh --smoke    # every phase for a second or two: checks the harness works (about 2 min)
#   STREAMS=9000 bash benchmarks/load/run.sh --memory   # the memory phase alone: RSS per open paced stream
#   OUT=/tmp/perf ROUNDS=7 DURATION=8 bash benchmarks/load/run.sh
#
# Starts, on 127.0.0.1 only: for the headline (phase 0), nginx answering a fixed chat completion as the upstream, the
# nginx reverse proxy in front of it, two gateways (pass-through and translating) and YARP's forwarder as a reference
# (benchmarks/load/YarpForwarder), CPU and allocated bytes per request measured for each proxy; then the mock upstream
# (samples/FlowGate.MockUpstream, its own process; paced SSE),
# nginx as a plain reverse proxy in front of it (one worker and `auto` workers, both measured), and the gateway
# (samples/FlowGate.Gateway, Release) with a generated providers.toml; measures with wrk in interleaved rounds
# (A B C … A B C …) and prints medians over rounds and ratios. Every process it starts is killed on exit.
#
# Environment: STATIC_ROUNDS (3), STATIC_DURATION (s, 4), STATIC_WARMUP (s, 5), STATIC_CONNECTIONS ("4 32 256") for
# phase 0; ROUNDS (5), DURATION (s per round, 5), WARMUP (s, 5), CONNECTIONS (32), STREAMS (1000, memory phase),
# OUT (results folder; default a temp dir), GATEWAY_ENV (extra VAR=VALUE for the gateway, e.g. DOTNET_gcServer=0),
# NO_BUILD=1 (use the existing Release build), NO_INSTALL=1 (never apt-get nor dotnet tool install), OTHERS=1 (phase
# 2b: claude-code-router and Portkey's gateway side by side, npm-installed into .cache/load-gateways; CCR_VERSION,
# PORTKEY_VERSION), BASELINE_GATEWAY (phase 0: another build's FlowGate.Gateway.dll measured in the same rounds).
set -euo pipefail
# The whole script is one block, read before it runs: editing the file during a run cannot change the run.
{
cd "$(dirname "$0")/../.."
ROOT=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

SMOKE=0 STATIC_ONLY=0 MEMORY_ONLY=0
[[ ${1:-} == --smoke ]] && SMOKE=1
[[ ${1:-} == --static ]] && STATIC_ONLY=1
[[ ${1:-} == --memory ]] && MEMORY_ONLY=1
if ((SMOKE)); then
  STATIC_ROUNDS=${STATIC_ROUNDS:-1} STATIC_DURATION=${STATIC_DURATION:-1} STATIC_WARMUP=${STATIC_WARMUP:-1}
  ROUNDS=${ROUNDS:-2} DURATION=${DURATION:-1} WARMUP=${WARMUP:-1} STREAMS=${STREAMS:-100}
  SSE_ROUNDS=1 SSE_STREAMS=2 SSE_DELTAS=8 SSE_WARMUP=20 BODY_SIZES="1024 102400" ROUTE_COUNTS="1 100" GROWTH_ROUNDS=1 GROWTH_DURATION=1 HOLD_PACE=200 HOLD_DELTAS=8
else
  STATIC_ROUNDS=${STATIC_ROUNDS:-3} STATIC_DURATION=${STATIC_DURATION:-4} STATIC_WARMUP=${STATIC_WARMUP:-5}
  ROUNDS=${ROUNDS:-5} DURATION=${DURATION:-5} WARMUP=${WARMUP:-5} STREAMS=${STREAMS:-1000}
  SSE_ROUNDS=5 SSE_STREAMS=4 SSE_DELTAS=64 SSE_WARMUP=200 BODY_SIZES="1024 10240 102400 1048576" ROUTE_COUNTS="1 100 10000" GROWTH_ROUNDS=3 GROWTH_DURATION=3 HOLD_PACE=1000 HOLD_DELTAS=15
fi
CONNECTIONS=${CONNECTIONS:-32}
STATIC_CONNECTIONS=${STATIC_CONNECTIONS:-4 32 256}
GATEWAY_ENV=${GATEWAY_ENV:-}
OUT=${OUT:-$(mktemp -d /tmp/flowgate-load.XXXXXX)}
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/flowgate-load-work.XXXXXX)
chmod 755 "$WORK"
RAW=$OUT/raw.tsv
: >"$RAW"

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'load: %s\n' "$*" >&2; exit 1; }

# ---- processes: every one started here is remembered and killed on exit, by its own pid ---------------------
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 0.3
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A port below the kernel's ephemeral range (where outgoing connections take theirs, so a port free of listeners
# there may still be taken by the time nginx binds it), and with nothing listening on it.
EPHEMERAL_LOW=$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
free_port() {
  local p
  for _ in $(seq 200); do
    p=$((10000 + RANDOM % (EPHEMERAL_LOW - 10000)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  die "no free loopback port"
}

# wait_for FILE TEXT PID: until the process prints TEXT (30 s), or dies.
wait_for() {
  for _ in $(seq 300); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { cat "$1" >&2; die "process $3 exited before '$2'"; }
    sleep 0.1
  done
  cat "$1" >&2
  die "timed out waiting for '$2' in $1"
}

# wait_port PORT PID [TENTHS]: until something accepts on 127.0.0.1:PORT (TENTHS × 0.1 s, default 30 s), or PID dies.
wait_port() {
  for _ in $(seq "${3:-300}"); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# check_answer NAME URL BODY [HEADERS]: HTTP 200 with a body; HEADERS as "name=value;name=value". On failure prints the
# answer and $WORK/NAME.log.
check_answer() {
  local name=$1 url=$2 file=$3 pair pairs args=() code
  IFS=';' read -ra pairs <<<"${4:-}"
  for pair in "${pairs[@]}"; do args+=(-H "${pair%%=*}: ${pair#*=}"); done
  code=$(curl -s -o "$WORK/check.out" -w '%{http_code}' -H 'content-type: application/json' -H 'Authorization: Bearer load-client' \
    "${args[@]}" --data-binary "@$file" "$url")
  [[ $code == 200 && -s $WORK/check.out ]] || { cat "$WORK/check.out" "$WORK/$name.log" >&2 2>/dev/null; die "$name: HTTP $code from $url"; }
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# ---- tools ---------------------------------------------------------------------------------------------------
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if ! command -v wrk >/dev/null || [[ ! -x $NGINX ]]; then
  [[ ${NO_INSTALL:-0} == 1 ]] && die "wrk and nginx are needed (apt-get install -y nginx-light wrk)"
  say "installing nginx and wrk (Debian packages)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light wrk >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
# The gateway holds two sockets per stream (the client's and the upstream's); the client and the mock one each.
(($(ulimit -n) >= 2 * STREAMS + 1000)) || die "ulimit -n is $(ulimit -n); the memory phase needs 2 x $STREAMS + 1000 (raise the hard limit or lower STREAMS)"

if [[ ${NO_BUILD:-0} != 1 ]]; then
  say "building the gateway, the mock and the load client (Release)"
  dotnet build samples/FlowGate.Gateway -c Release -nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; die "build failed"; }
  dotnet build benchmarks/load/FlowGate.LoadClient -c Release -nologo -v q >>"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; die "build failed"; }
  dotnet build benchmarks/load/YarpForwarder -c Release -nologo -v q >>"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; die "build failed"; }
fi
GATEWAY_DLL=$ROOT/samples/FlowGate.Gateway/bin/Release/net10.0/FlowGate.Gateway.dll
MOCK_DLL=$ROOT/samples/FlowGate.MockUpstream/bin/Release/net10.0/FlowGate.MockUpstream.dll
CLIENT_DLL=$ROOT/benchmarks/load/FlowGate.LoadClient/bin/Release/net10.0/FlowGate.LoadClient.dll
YARP_DLL=$ROOT/benchmarks/load/YarpForwarder/bin/Release/net10.0/YarpForwarder.dll

# ---- bodies and wrk scripts ----------------------------------------------------------------------------------
# body FILE PROTOCOL MODEL SIZE [stream]: a JSON request of SIZE bytes (the user text pads it).
body() {
  python3 - "$@" <<'PY'
import json, sys
path, protocol, model, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
stream = len(sys.argv) > 5
def make(pad):
    text = "benchmark " * (pad // 10) + "x" * (pad % 10)
    doc = {"model": model, "max_tokens": 8192, "messages": [{"role": "user", "content": text}]}
    if protocol == "anthropic":
        doc["system"] = "You are a benchmark."
    if stream:
        doc["stream"] = True
    return json.dumps(doc, separators=(",", ":"))
base = len(make(0))
open(path, "w").write(make(max(0, size - base)))
PY
}

cat >"$WORK/post.lua" <<'LUA'
wrk.method = "POST"
local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer load-client"
-- EXTRA_HEADERS: "name=value;name=value" (the others phase: Portkey's routing headers)
for pair in string.gmatch(os.getenv("EXTRA_HEADERS") or "", "[^;]+") do
  local k, v = string.match(pair, "^([^=]+)=(.*)$")
  if k then wrk.headers[k] = v end
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.1f %d %d %d %d %d %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    errors, summary.errors.status, summary.requests))
end
LUA

# cpu_ticks PID...: user + system clock ticks of the processes (all their threads, living and ended).
cpu_ticks() {
  local t=0 pid f
  for pid in "$@"; do
    read -ra f <"/proc/$pid/stat"
    t=$((t + f[13] + f[14]))
  done
  echo "$t"
}
# ctx_switches PID...: voluntary + involuntary context switches of the processes' living threads.
ctx_switches() {
  local pid
  for pid in "$@"; do cat /proc/"$pid"/task/*/status 2>/dev/null; done | awk '/ctxt_switches/ { s += $2 } END { print s + 0 }'
}
TICK_US=$((1000000 / $(getconf CLK_TCK)))

# measure PHASE SCENARIO ROUND URL BODY CONNECTIONS SECONDS [PID...]: one wrk run, appended to raw.tsv, with the CPU
# time and context switches per request of the PIDs (the proxy under test) when given. WRK_CPU pins wrk to a CPU.
measure() {
  local phase=$1 scenario=$2 round=$3 url=$4 bodyfile=$5 c=$6 d=$7 line ticks=0 switches=0 cpu=nan cs=nan
  shift 7
  local pin=()
  [[ -n ${WRK_CPU:-} ]] && pin=(taskset -c "$WRK_CPU")
  if (($#)); then ticks=$(cpu_ticks "$@"); switches=$(ctx_switches "$@"); fi
  local from to
  from=$(date +%s.%N)
  line=$(BODY_FILE=$bodyfile "${pin[@]}" wrk -t1 -c"$c" -d"${d}s" --timeout 5s -s "$WORK/post.lua" "$url" 2>&1 | grep '^RESULT' || true)
  to=$(date +%s.%N)
  [[ -n $line ]] || die "wrk gave no result for $scenario at $url"
  read -r _ rps p50 p90 p99 p999 errors non2xx requests <<<"$line"
  if (($# && requests > 0)); then
    cpu=$(awk -v t=$(($(cpu_ticks "$@") - ticks)) -v u="$TICK_US" -v n="$requests" 'BEGIN { printf "%.1f", t * u / n }')
    cs=$(awk -v s=$(($(ctx_switches "$@") - switches)) -v n="$requests" 'BEGIN { printf "%.2f", s / n }')
  fi
  ((errors + non2xx == 0)) || say "warning: $scenario round $round: $errors socket errors, $non2xx non-2xx"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$scenario" "$round" "$rps" "$p50" "$p90" "$p99" "$p999" "$errors" "$non2xx" "$cpu" "$cs" "$requests" "$from" "$to" >>"$RAW"
}

# ---- the upstream, nginx and the gateways --------------------------------------------------------------------

# nginx: a plain reverse proxy. Measured with one worker and with `auto` (one per core = 2 here, the same cores
# FlowGate's thread pool uses); the ratios are against the faster of the two.
# UPSTREAM_PORT: the upstream (the mock's port unless set).
start_nginx() { # NAME WORKERS PORT
  local dir=$WORK/$1
  mkdir -p "$dir/tmp"
  cat >"$dir/nginx.conf" <<EOF
worker_processes $2;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $dir/tmp;
  proxy_temp_path $dir/tmp;
  client_max_body_size 64m;
  client_body_buffer_size 2m;
  keepalive_requests 1000000;
  upstream mock { server 127.0.0.1:${UPSTREAM_PORT:-$MOCK_PORT}; keepalive 256; keepalive_requests 1000000; }
  server {
    listen 127.0.0.1:$3;
    location / {
      proxy_pass http://mock;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_read_timeout 600s;
    }
  }
}
EOF
  run_nginx "$dir" "$3" "nginx $1"
}

# run_nginx DIR PORT WHAT: nginx on DIR/nginx.conf in the foreground of a background job, until it accepts on PORT;
# its master's pid in NGINX_MASTER.
run_nginx() {
  "$NGINX" -p "$1" -c "$1/nginx.conf" -g 'daemon off;' >"$1/out.log" 2>&1 &
  PIDS+=($!)
  NGINX_MASTER=$!
  wait_port "$2" "$NGINX_MASTER" 100 && return 0
  cat "$1/out.log" "$1/error.log" >&2
  die "$3 did not start"
}

# providers.toml: FILE PORT ROUTES. bench-pass: the mock as an instance, Chat -> Chat with max_tokens_max;
# bench-translate: the mock as a direct openai-chat upstream, so Messages requests are translated; ROUTES-1 more
# instance routes fill the table for the growth phase.
providers() {
  local file=$1 port=$2 routes=$3 up_port=${UPSTREAM_PORT:-$MOCK_PORT}
  {
    echo "# written by benchmarks/load/run.sh"
    echo "[gateway]"
    echo "port = $port"
    [[ -n ${MAX_CONCURRENT:-} ]] && echo "max_concurrent_requests = $MAX_CONCURRENT"
    echo
    echo "[instances.mock]"
    echo "port = $up_port"
    echo "providers = [{ type = \"mock\" }]"
    echo
    echo "[upstreams.mock-chat]"
    echo "protocol = \"openai-chat\""
    echo "base_url = \"http://127.0.0.1:$up_port/v1\""
    echo "api_key = \"load-upstream-key\""
    echo
    echo "[routing.\"bench-pass\"]"
    echo "targets = [{ instance = \"mock\", provider = \"mock\", model = \"mock-large\", params = { max_tokens_max = 4096 } }]"
    echo
    echo "[routing.\"bench-translate\"]"
    echo "targets = [{ upstream = \"mock-chat\", model = \"mock-small\" }]"
    for ((i = 1; i < routes; i++)); do
      echo "[routing.\"route-$i\"]"
      echo "targets = [{ instance = \"mock\", provider = \"mock\", model = \"model-$i\" }]"
    done
  } >"$file"
}

# start_gateway NAME ROUTES [ARG...]: the port is in GW_PORT, the pid in GW_PID. Each gateway's config is in a folder
# of its own, so is the state and usage ledger it keeps beside it (no two gateways share a file).
GW_PID=
start_gateway() {
  local name=$1 routes=$2 port
  shift 2
  port=$(free_port)
  mkdir -p "$WORK/gw-$name"
  providers "$WORK/gw-$name/providers.toml" "$port" "$routes"
  # shellcheck disable=SC2086
  env $GATEWAY_ENV dotnet "${GATEWAY_DLL:?}" --config "$WORK/gw-$name/providers.toml" "$@" >"$WORK/$name.log" 2>&1 &
  GW_PID=$!
  PIDS+=("$GW_PID")
  wait_for "$WORK/$name.log" "FlowGate listening on" "$GW_PID"
  GW_PORT=$port
}
stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# ---- phase 0, the headline: the static upstream -----------------------------------------------------------------
# An upstream that costs next to nothing — nginx answering every request with one fixed chat completion (`return
# 200`), in a process of its own — so that the proxies, not the upstream, set the pace (the project's .NET mock caps
# both proxies and hides the gap between them). Rows, interleaved round by round: direct to it; the nginx reverse
# proxy (one worker, upstream keep-alive); FlowGate pass-through (Chat -> Chat with the route's max_tokens_max
# rewrite); FlowGate translating (Anthropic Messages -> Chat); YARP's direct forwarder (IHttpForwarder, the request
# forwarded as it is: a reference for what Kestrel + SocketsHttpHandler cost on their own). Each .NET row is a gateway process of its own, so
# its CPU (/proc/PID/stat) and its allocation are its own: dotnet-counters records the runtime's total-allocated
# counter each second, and the summary adds up the seconds of each wrk window (the process is idle around them).
STATIC_ANSWER='{"id":"chatcmpl-static","object":"chat.completion","created":1700000000,"model":"mock-large","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the static upstream."},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19}}'
COUNTERS=$ROOT/.cache/dotnet-tools/dotnet-counters
COUNTERS_VERSION=10.0.750501
COUNTER_PIDS=()

start_static_upstream() { # PORT
  local dir=$WORK/static-upstream
  mkdir -p "$dir/tmp"
  cat >"$dir/nginx.conf" <<EOF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $dir/tmp;
  keepalive_requests 1000000;
  keepalive_timeout 600s;
  server {
    listen 127.0.0.1:$1;
    location / {
      default_type application/json;
      return 200 '$STATIC_ANSWER';
    }
  }
}
EOF
  run_nginx "$dir" "$1" "the static upstream (nginx)"
}

# start_counters NAME PID: dotnet-counters on the gateway PID, into $OUT/alloc-NAME.csv (written when PID exits).
start_counters() {
  [[ -x $COUNTERS ]] || return 0
  "$COUNTERS" collect -p "$2" --counters 'System.Runtime[dotnet.gc.heap.total_allocated]' --format csv \
    -o "$OUT/alloc-$1.csv" --refresh-interval 1 >"$WORK/counters-$1.log" 2>&1 &
  PIDS+=($!)
  COUNTER_PIDS+=($!)
  wait_for "$WORK/counters-$1.log" "Starting a counter session" "$!"
}

# start_yarp PORT UPSTREAM: benchmarks/load/YarpForwarder (the FlowGate gateway's runtime settings); pid in YARP_PID.
start_yarp() {
  # shellcheck disable=SC2086
  env $GATEWAY_ENV dotnet "$YARP_DLL" --port "$1" --upstream "$2" >"$WORK/yarp.log" 2>&1 &
  YARP_PID=$!
  PIDS+=("$YARP_PID")
  wait_for "$WORK/yarp.log" "listening on" "$YARP_PID"
}

static_phase() {
  local up_port c pass_pid translate_pid proxy_pid pid scenarios yarp_port
  if [[ ! -x $COUNTERS && ${NO_INSTALL:-0} != 1 ]]; then
    say "installing dotnet-counters $COUNTERS_VERSION into .cache/dotnet-tools (allocation per request)"
    dotnet tool install --tool-path "$ROOT/.cache/dotnet-tools" dotnet-counters --version "$COUNTERS_VERSION" >"$WORK/tool.log" 2>&1 ||
      say "warning: dotnet-counters did not install ($(tail -1 "$WORK/tool.log")); no allocation figures"
  fi
  up_port=$(free_port)
  start_static_upstream "$up_port"
  local static_up_pid=$NGINX_MASTER
  STATIC_UP=http://127.0.0.1:$up_port
  STATIC_PROXY_PORT=$(free_port)
  UPSTREAM_PORT=$up_port start_nginx static-proxy 1 "$STATIC_PROXY_PORT"
  STATIC_PROXY_PIDS="$NGINX_MASTER $(pgrep -P "$NGINX_MASTER" | tr '\n' ' ')"
  proxy_pid=$NGINX_MASTER
  UPSTREAM_PORT=$up_port start_gateway static-pass 1 "${QUIET[@]}"
  STATIC_PASS=http://127.0.0.1:$GW_PORT
  pass_pid=$GW_PID
  UPSTREAM_PORT=$up_port start_gateway static-translate 1 "${QUIET[@]}"
  STATIC_TRANSLATE=http://127.0.0.1:$GW_PORT
  translate_pid=$GW_PID
  yarp_port=$(free_port)
  start_yarp "$yarp_port" "$STATIC_UP"
  check_answer static-pass "$STATIC_PASS$CHAT" "$WORK/chat-1k.json"
  check_answer yarp "http://127.0.0.1:$yarp_port$CHAT" "$WORK/chat-1k.json"
  check_answer static-translate "$STATIC_TRANSLATE$MESSAGES" "$WORK/messages-1k.json"
  start_counters flowgate-pass "$pass_pid"
  start_counters flowgate-translate "$translate_pid"
  start_counters yarp "$YARP_PID"
  say "phase 0: static upstream on $STATIC_UP; nginx proxy :$STATIC_PROXY_PORT; FlowGate $STATIC_PASS (pass), $STATIC_TRANSLATE (translate); YARP :$yarp_port"
  scenarios=(
    "direct|$STATIC_UP$CHAT|$WORK/chat-1k.json"
    "nginx|http://127.0.0.1:$STATIC_PROXY_PORT$CHAT|$WORK/chat-1k.json|$STATIC_PROXY_PIDS"
    "flowgate-pass|$STATIC_PASS$CHAT|$WORK/chat-1k.json|$pass_pid"
    "flowgate-translate|$STATIC_TRANSLATE$MESSAGES|$WORK/messages-1k.json|$translate_pid"
    "yarp|http://127.0.0.1:$yarp_port$CHAT|$WORK/chat-1k.json|$YARP_PID"
  )
  # BASELINE_GATEWAY=path/to/FlowGate.Gateway.dll (another build, e.g. main's, copied aside): the same two rows for
  # it, in the same rounds, to measure a change before and after side by side.
  local base_pass_pid='' base_translate_pid=''
  if [[ -n ${BASELINE_GATEWAY:-} ]]; then
    GATEWAY_DLL=$BASELINE_GATEWAY UPSTREAM_PORT=$up_port start_gateway static-base-pass 1 "${QUIET[@]}"
    base_pass_pid=$GW_PID
    scenarios+=("baseline-pass|http://127.0.0.1:$GW_PORT$CHAT|$WORK/chat-1k.json|$GW_PID")
    GATEWAY_DLL=$BASELINE_GATEWAY UPSTREAM_PORT=$up_port start_gateway static-base-translate 1 "${QUIET[@]}"
    base_translate_pid=$GW_PID
    scenarios+=("baseline-translate|http://127.0.0.1:$GW_PORT$MESSAGES|$WORK/messages-1k.json|$GW_PID")
    start_counters baseline-pass "$base_pass_pid"
    start_counters baseline-translate "$base_translate_pid"
  fi
  local saved=("$ROUNDS" "$DURATION" "$WARMUP")
  ROUNDS=$STATIC_ROUNDS DURATION=$STATIC_DURATION WARMUP=$STATIC_WARMUP
  for c in $STATIC_CONNECTIONS; do
    say "phase 0: $c connections, $ROUNDS interleaved rounds of ${DURATION}s"
    rounds "static-$c" "$c" "${scenarios[@]}"
  done
  ROUNDS=${saved[0]} DURATION=${saved[1]} WARMUP=${saved[2]}
  # The counters write their files when the gateways exit.
  for pid in "$pass_pid" "$translate_pid" "$YARP_PID" $base_pass_pid $base_translate_pid; do stop_pid "$pid"; done
  stop_pid "$proxy_pid"
  stop_pid "$static_up_pid"
  for pid in "${COUNTER_PIDS[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
}

# The headline gateways log at Warning (logging off, as published proxy benchmarks run); a second one in the mock
# phases keeps the default (one Information line per request, to its log file) to show what that line costs.
QUIET=(--Logging:LogLevel:Default=Warning)
body "$WORK/chat-1k.json" chat bench-pass 1024
body "$WORK/messages-1k.json" anthropic bench-translate 1024
body "$WORK/chat-stream.json" chat bench-pass 1024 stream
body "$WORK/messages-stream.json" anthropic bench-translate 1024 stream
CHAT=/v1/chat/completions
MESSAGES=/v1/messages

# rounds PHASE CONNECTIONS SCENARIO...: warm-up, then ROUNDS interleaved rounds. A scenario is
# name|url|body[|pids[|headers]], headers as "name=value;name=value" (sent on top of post.lua's).
rounds() {
  local phase=$1 c=$2 s name url file pids hdr r
  shift 2
  for s in "$@"; do
    IFS='|' read -r name url file pids hdr <<<"$s"
    EXTRA_HEADERS=$hdr measure warmup "$name" 0 "$url" "$file" "$c" "$WARMUP" >/dev/null
  done
  for ((r = 1; r <= ROUNDS; r++)); do
    for s in "$@"; do
      IFS='|' read -r name url file pids hdr <<<"$s"
      # shellcheck disable=SC2086
      EXTRA_HEADERS=$hdr measure "$phase" "$name" "$r" "$url" "$file" "$c" "$DURATION" $pids
    done
    say "$phase: round $r of $ROUNDS done"
  done
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say "load average before: $LOAD_BEFORE"

# write_meta: the run's conditions, for summarize.py.
write_meta() {
  {
    echo "load_before=$LOAD_BEFORE"
    echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "gateway_env=$GATEWAY_ENV"
    echo "rounds=$ROUNDS"
    echo "duration=$DURATION"
    echo "warmup=$WARMUP"
    echo "connections=$CONNECTIONS"
    echo "static_rounds=$STATIC_ROUNDS"
    echo "static_duration=$STATIC_DURATION"
    echo "static_warmup=$STATIC_WARMUP"
    echo "static_connections=$STATIC_CONNECTIONS"
    echo "smoke=$SMOKE"
    if [[ -f $WORK/others.meta ]]; then cat "$WORK/others.meta"; fi
  } >"$OUT/meta.txt"
}

if ((!MEMORY_ONLY)); then
  static_phase
  if ((STATIC_ONLY)); then
    write_meta
    python3 "$ROOT/benchmarks/load/summarize.py" "$OUT" | tee "$OUT/results.md"
    say "results in $OUT (raw.tsv, alloc-*.csv, results.md)"
    exit 0
  fi
fi

# ---- the mock upstream and nginx in front of it --------------------------------------------------------------
MOCK_PORT=$(free_port)
MOCK=http://127.0.0.1:$MOCK_PORT
say "mock upstream on $MOCK"
dotnet "$MOCK_DLL" --port "$MOCK_PORT" --deltas 8 >"$WORK/mock.log" 2>&1 &
PIDS+=($!)
MOCK_PID=$!
wait_for "$WORK/mock.log" "listening on" "${PIDS[-1]}"

if ((!MEMORY_ONLY)); then
NGINX1_PORT=$(free_port)
start_nginx nginx1 1 "$NGINX1_PORT"
NGINX1_PIDS="$NGINX_MASTER $(pgrep -P "$NGINX_MASTER" | tr '\n' ' ')"
NGINX2_PORT=$(free_port)
start_nginx nginx2 auto "$NGINX2_PORT"
NGINX2_PIDS="$NGINX_MASTER $(pgrep -P "$NGINX_MASTER" | tr '\n' ' ')"
say "nginx on :$NGINX1_PORT (1 worker) and :$NGINX2_PORT (auto: $(nproc) workers)"

start_gateway gateway 1 "${QUIET[@]}"
GW=http://127.0.0.1:$GW_PORT
GATEWAY_PID=$GW_PID
start_gateway gateway-info 1
GWI=http://127.0.0.1:$GW_PORT
GATEWAY_INFO_PID=$GW_PID
say "gateway on $GW (log Warning), $GWI (default logging)"

check_answer gateway "$GW/v1/chat/completions" "$WORK/chat-1k.json"
check_answer gateway "$GW/v1/messages" "$WORK/messages-1k.json"

# name|url|body
# name|url|body|pids whose CPU and context switches are counted (the process under test)
SATURATED=(
  "direct|$MOCK$CHAT|$WORK/chat-1k.json|$MOCK_PID"
  "nginx-1w|http://127.0.0.1:$NGINX1_PORT$CHAT|$WORK/chat-1k.json|$NGINX1_PIDS"
  "nginx-auto|http://127.0.0.1:$NGINX2_PORT$CHAT|$WORK/chat-1k.json|$NGINX2_PIDS"
  "flowgate-pass|$GW$CHAT|$WORK/chat-1k.json|$GATEWAY_PID"
  "flowgate-translate|$GW$MESSAGES|$WORK/messages-1k.json|$GATEWAY_PID"
  "flowgate-pass-infolog|$GWI$CHAT|$WORK/chat-1k.json|$GATEWAY_INFO_PID"
)
# Pinned: the proxy under test alone on CPU 1, wrk and the mock on CPU 0.
PINNED=(
  "direct|$MOCK$CHAT|$WORK/chat-1k.json|$MOCK_PID"
  "nginx-1w|http://127.0.0.1:$NGINX1_PORT$CHAT|$WORK/chat-1k.json|$NGINX1_PIDS"
  "flowgate-pass|$GW$CHAT|$WORK/chat-1k.json|$GATEWAY_PID"
  "flowgate-translate|$GW$MESSAGES|$WORK/messages-1k.json|$GATEWAY_PID"
)


say "phase 1: saturated, $CONNECTIONS connections, $ROUNDS rounds of ${DURATION}s"
rounds saturated "$CONNECTIONS" "${SATURATED[@]}"

if (($(nproc) >= 2)); then
  say "phase 1b: saturated and pinned (proxy on CPU 1; wrk and the mock on CPU 0)"
  # shellcheck disable=SC2086
  pin_all() { local cpu=$1 pid; shift; for pid in "$@"; do taskset -apc "$cpu" "$pid" >/dev/null; done; }
  pin_all 0 "$MOCK_PID"
  # shellcheck disable=SC2086
  pin_all 1 $NGINX1_PIDS "$GATEWAY_PID"
  WRK_CPU=0 rounds pinned "$CONNECTIONS" "${PINNED[@]}"
  # shellcheck disable=SC2086
  pin_all "0-$(($(nproc) - 1))" "$MOCK_PID" $NGINX1_PIDS "$GATEWAY_PID"
fi

say "phase 2: one connection, $ROUNDS rounds of ${DURATION}s"
rounds single 1 "${SATURATED[@]}"

# ---- phase 2b (OTHERS=1 only): two npm gateways side by side with FlowGate ----------------------------------
# claude-code-router (Anthropic Messages in -> OpenAI Chat out, like bench-translate) and Portkey's gateway (OpenAI
# Chat in and out, like bench-pass), installed with npm into .cache/load-gateways, both pointed at the mock, both
# first run briefly under strace to check that they connect to nothing but 127.0.0.1.
#
# claude-code-router 3.1.1 (the newest) cannot be installed from the npm registry: its dependencies
# @the-next-ai/ai-gateway and @the-next-ai/bot-gateway-sdk are not published there (404), and it needs Node >= 22
# (this machine has Node 20). So the default is 2.0.0, the newest that installs and runs here; CCR_VERSION overrides.
if [[ ${OTHERS:-0} == 1 ]]; then
  CCR_VERSION=${CCR_VERSION:-2.0.0}
  PORTKEY_VERSION=${PORTKEY_VERSION:-1.15.2}
  say "phase 2b: side by side with claude-code-router $CCR_VERSION and Portkey's gateway $PORTKEY_VERSION"
  command -v node >/dev/null && command -v npm >/dev/null || die "OTHERS=1 needs node and npm"
  if ! command -v strace >/dev/null; then
    [[ ${NO_INSTALL:-0} == 1 ]] && die "OTHERS=1 needs strace (apt-get install -y strace)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends strace >/dev/null
  fi
  OTHERS_DIR=$ROOT/.cache/load-gateways
  CCR_PKG=$OTHERS_DIR/node_modules/@musistudio/claude-code-router
  PORTKEY_PKG=$OTHERS_DIR/node_modules/@portkey-ai/gateway
  pkg_version() { node -p "require('$1/package.json').version" 2>/dev/null || true; }
  if [[ $(pkg_version "$CCR_PKG") != "$CCR_VERSION" || $(pkg_version "$PORTKEY_PKG") != "$PORTKEY_VERSION" ]]; then
    say "installing @musistudio/claude-code-router@$CCR_VERSION and @portkey-ai/gateway@$PORTKEY_VERSION into $OTHERS_DIR"
    mkdir -p "$OTHERS_DIR"
    npm install --prefix "$OTHERS_DIR" --no-audit --no-fund --save-exact --loglevel=error \
      "@musistudio/claude-code-router@$CCR_VERSION" "@portkey-ai/gateway@$PORTKEY_VERSION" >"$WORK/npm.log" 2>&1 ||
      { cat "$WORK/npm.log" >&2; die "npm install failed"; }
  fi
  CCR_JS=$CCR_PKG/$(node -p "const b = require('$CCR_PKG/package.json').bin; typeof b == 'string' ? b : b.ccr")
  PORTKEY_JS=$PORTKEY_PKG/build/start-server.js

  # Portkey's server (@hono/node-server) listens on every interface and takes no host; this preload makes a listen
  # without a host listen on 127.0.0.1.
  cat >"$WORK/loopback.cjs" <<'JS'
const net = require("net");
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === "number" && (args[1] === undefined || typeof args[1] === "function"))
    args.splice(1, args[1] === undefined ? 1 : 0, "127.0.0.1");
  else if (args[0] && typeof args[0] === "object" && args[0].port !== undefined && !args[0].host)
    args[0] = { ...args[0], host: "127.0.0.1" };
  return listen.apply(this, args);
};
JS
  # start_node NAME PORT TRACE CMD...: starts CMD (under strace -f when TRACE=1, its connect/sendto/sendmsg calls to
  # $WORK/NAME.strace); NODE_PID is the node process, LAUNCH_PID what was started (strace, or node itself).
  start_node() {
    local name=$1 port=$2 trace=$3 child
    shift 3
    if ((trace)); then
      strace -f -qq -e trace=connect,sendto,sendmsg -o "$WORK/$name.strace" "$@" >"$WORK/$name.log" 2>&1 &
    else
      "$@" >"$WORK/$name.log" 2>&1 &
    fi
    LAUNCH_PID=$!
    PIDS+=("$LAUNCH_PID")
    NODE_PID=$LAUNCH_PID
    if ((trace)); then
      for _ in $(seq 100); do child=$(pgrep -P "$LAUNCH_PID" | head -1) && break; sleep 0.05; done
      [[ -n $child ]] || { cat "$WORK/$name.log" >&2; die "$name did not start under strace"; }
      NODE_PID=$child
      PIDS+=("$NODE_PID")
    fi
    wait_port "$port" "$LAUNCH_PID" || { cat "$WORK/$name.log" >&2; die "$name did not listen on 127.0.0.1:$port"; }
  }
  stop_node() { kill "$1" 2>/dev/null || true; [[ $2 != "$1" ]] && { kill "$2" 2>/dev/null || true; }; wait "$2" 2>/dev/null || true; }

  # claude-code-router: reads $HOME/.claude-code-router/config.json; with providers and no APIKEY it listens on
  # 127.0.0.1. LOG=false: no request log. One provider, the mock's Chat endpoint (ccr takes the full URL).
  CCR_HOME=$WORK/ccr-home
  start_ccr() { # TRACE
    CCR_PORT=$(free_port)
    mkdir -p "$CCR_HOME/.claude-code-router"
    cat >"$CCR_HOME/.claude-code-router/config.json" <<EOF
{
  "HOST": "127.0.0.1",
  "PORT": $CCR_PORT,
  "LOG": false,
  "Providers": [
    { "name": "mock", "api_base_url": "$MOCK/v1/chat/completions", "api_key": "load-upstream-key", "models": ["mock-small"] }
  ],
  "Router": { "default": "mock,mock-small" }
}
EOF
    rm -f "$CCR_HOME/.claude-code-router/.claude-code-router.pid"
    start_node ccr "$CCR_PORT" "$1" env HOME="$CCR_HOME" node "$CCR_JS" start
    CCR_PID=$NODE_PID CCR_LAUNCH=$LAUNCH_PID
  }
  # Portkey: --port=N, --headless (no UI nor log stream); the upstream comes with each request, in headers
  # (x-portkey-custom-host must be a trusted host: 127.0.0.1 is by default).
  PORTKEY_HEADERS="x-portkey-provider=openai;x-portkey-custom-host=$MOCK/v1"
  start_portkey() { # TRACE
    PORTKEY_PORT=$(free_port)
    start_node portkey "$PORTKEY_PORT" "$1" node --require "$WORK/loopback.cjs" "$PORTKEY_JS" "--port=$PORTKEY_PORT" --headless
    PORTKEY_PID=$NODE_PID PORTKEY_LAUNCH=$LAUNCH_PID
  }

  # 1. Under strace: start, three requests each, stop; every inet address they connected or sent to must be loopback.
  start_ccr 1
  start_portkey 1
  for _ in 1 2 3; do
    check_answer ccr "http://127.0.0.1:$CCR_PORT$MESSAGES" "$WORK/messages-1k.json"
    check_answer portkey "http://127.0.0.1:$PORTKEY_PORT$CHAT" "$WORK/chat-1k.json" "$PORTKEY_HEADERS"
  done
  sleep 1
  stop_node "$CCR_PID" "$CCR_LAUNCH"
  stop_node "$PORTKEY_PID" "$PORTKEY_LAUNCH"
  : >"$OUT/others-network.txt"
  for name in ccr portkey; do
    grep -oE 'sa_family=AF_INET6?,[^}]*' "$WORK/$name.strace" | sort | uniq -c >"$WORK/$name.peers" || true
    outside=$(grep -vE 'inet_addr\("127\.0\.0\.1"\)|"::1"|"::ffff:127\.0\.0\.1"' "$WORK/$name.peers" || true)
    { echo "$name: inet connect/sendto/sendmsg targets under strace -f (startup + 3 requests):"; cat "$WORK/$name.peers"; } >>"$OUT/others-network.txt"
    [[ -z $outside ]] || { cat "$OUT/others-network.txt" >&2; die "$name reached beyond 127.0.0.1: $outside"; }
  done
  say "others: ccr and portkey connected only to 127.0.0.1 (see others-network.txt)"

  # 2. Untraced, measured.
  start_ccr 0
  start_portkey 0
  check_answer ccr "http://127.0.0.1:$CCR_PORT$MESSAGES" "$WORK/messages-1k.json"
  check_answer portkey "http://127.0.0.1:$PORTKEY_PORT$CHAT" "$WORK/chat-1k.json" "$PORTKEY_HEADERS"
  OTHERS_SCENARIOS=(
    "nginx-1w|http://127.0.0.1:$NGINX1_PORT$CHAT|$WORK/chat-1k.json|$NGINX1_PIDS"
    "flowgate-pass|$GW$CHAT|$WORK/chat-1k.json|$GATEWAY_PID"
    "portkey|http://127.0.0.1:$PORTKEY_PORT$CHAT|$WORK/chat-1k.json|$PORTKEY_PID|$PORTKEY_HEADERS"
    "flowgate-translate|$GW$MESSAGES|$WORK/messages-1k.json|$GATEWAY_PID"
    "ccr|http://127.0.0.1:$CCR_PORT$MESSAGES|$WORK/messages-1k.json|$CCR_PID"
  )
  say "others: saturated, $CONNECTIONS connections"
  rounds others "$CONNECTIONS" "${OTHERS_SCENARIOS[@]}"
  say "others: one connection"
  rounds others-single 1 "direct|$MOCK$CHAT|$WORK/chat-1k.json|$MOCK_PID" "${OTHERS_SCENARIOS[@]}"
  stop_node "$CCR_PID" "$CCR_LAUNCH"
  stop_node "$PORTKEY_PID" "$PORTKEY_LAUNCH"
  echo "ccr_version=$CCR_VERSION" >>"$WORK/others.meta"
  echo "portkey_version=$PORTKEY_VERSION" >>"$WORK/others.meta"
fi

say "phase 3: SSE, paced 20 ms, one stream at a time: direct vs nginx, vs the gateway (pass-through, translated)"
# sse NAME URL_A URL_B BODY: the stream client's interleaved rounds (after its warm-up of short streams).
sse() {
  dotnet "$CLIENT_DLL" sse --a "$2" --b "$3" --body "$4" --rounds "$SSE_ROUNDS" --streams "$SSE_STREAMS" --concurrency 1 \
    --pace-ms 20 --deltas "$SSE_DELTAS" --warmup "$SSE_WARMUP" >"$OUT/$1.txt" 2>"$WORK/$1.err" || { cat "$WORK/$1.err" >&2; die "SSE client failed ($1)"; }
}
sse sse-nginx "$MOCK$CHAT" "http://127.0.0.1:$NGINX1_PORT$CHAT" "$WORK/chat-stream.json"
sse sse-pass "$MOCK$CHAT" "$GW$CHAT" "$WORK/chat-stream.json"
sse sse-translate "$MOCK$MESSAGES" "$GW$MESSAGES" "$WORK/messages-stream.json"

say "phase 4: body size growth"
for size in $BODY_SIZES; do
  body "$WORK/chat-$size.json" chat bench-pass "$size"
done
GROWTH=()
for size in $BODY_SIZES; do
  GROWTH+=("direct-$size|$MOCK$CHAT|$WORK/chat-$size.json" "flowgate-pass-$size|$GW$CHAT|$WORK/chat-$size.json")
done
SAVED=("$ROUNDS" "$DURATION" "$WARMUP")
ROUNDS=$GROWTH_ROUNDS DURATION=$GROWTH_DURATION WARMUP=$GROWTH_DURATION
rounds bodysize 1 "${GROWTH[@]}"
ROUNDS=${SAVED[0]} DURATION=${SAVED[1]} WARMUP=${SAVED[2]}

say "phase 5: route count growth"
stop_pid "$GATEWAY_INFO_PID"
for n in $ROUTE_COUNTS; do
  started=$(date +%s.%N)
  start_gateway "routes-$n" "$n" "${QUIET[@]}"
  ready=$(date +%s.%N)
  last=bench-pass
  ((n > 1)) && last=route-$((n - 1))
  body "$WORK/chat-last-$n.json" chat "$last" 1024
  SAVED=("$ROUNDS" "$DURATION" "$WARMUP")
  ROUNDS=$GROWTH_ROUNDS DURATION=$GROWTH_DURATION WARMUP=$GROWTH_DURATION
  rounds "routes-$n" 1 "direct|$MOCK$CHAT|$WORK/chat-1k.json" "first|http://127.0.0.1:$GW_PORT$CHAT|$WORK/chat-1k.json" \
    "last|http://127.0.0.1:$GW_PORT$CHAT|$WORK/chat-last-$n.json"
  ROUNDS=${SAVED[0]} DURATION=${SAVED[1]} WARMUP=${SAVED[2]}
  printf 'routes\t%s\tstartup_s=%.2f\trss_mb=%.1f\n' "$n" "$(awk -v a="$started" -v b="$ready" 'BEGIN { print b - a }')" "$(awk -v k="$(rss_kb "$GW_PID")" 'BEGIN { print k / 1024 }')" >>"$OUT/routes.tsv"
  stop_pid "$GW_PID"
done
fi  # the phases before the memory phase

say "phase 6: memory, $STREAMS concurrent paced streams"
# Above the default concurrency limit (1,024) the extra streams would be refused with 429, not held.
MAX_CONCURRENT=$((STREAMS + 100)) start_gateway memory 1 "${QUIET[@]}"
MEM=http://127.0.0.1:$GW_PORT
sleep 2
IDLE_FRESH=$(rss_kb "$GW_PID")
BODY_FILE=$WORK/chat-1k.json wrk -t1 -c8 -d2s -s "$WORK/post.lua" "$MEM$CHAT" >/dev/null
dotnet "$CLIENT_DLL" hold --url "$MEM$CHAT" --body "$WORK/chat-stream.json" --streams 20 --pace-ms 5 --deltas 8 >/dev/null
sleep 3
IDLE_WARM=$(rss_kb "$GW_PID")
dotnet "$CLIENT_DLL" hold --url "$MEM$CHAT" --body "$WORK/chat-stream.json" --streams "$STREAMS" --pace-ms "$HOLD_PACE" --deltas "$HOLD_DELTAS" >"$WORK/hold.out" 2>"$WORK/hold.err" &
HOLD=$!
PIDS+=("$HOLD")
for _ in $(seq 600); do
  grep -q 'READY' "$WORK/hold.out" 2>/dev/null && break
  kill -0 "$HOLD" 2>/dev/null || break
  sleep 0.1
done
PEAK=0
for _ in 1 2 3 4 5; do
  r=$(rss_kb "$GW_PID")
  ((r > PEAK)) && PEAK=$r
  sleep 0.5
done
wait "$HOLD" || true
HOLD_RESULT=$(cat "$WORK/hold.out" | tr '\n' ' ')
sleep 3
AFTER=$(rss_kb "$GW_PID")
printf 'idle_fresh_kb=%s idle_warm_kb=%s peak_kb=%s after_kb=%s streams=%s hold="%s"\n' \
  "$IDLE_FRESH" "$IDLE_WARM" "$PEAK" "$AFTER" "$STREAMS" "$HOLD_RESULT" >"$OUT/memory.txt"

write_meta

python3 "$ROOT/benchmarks/load/summarize.py" "$OUT" | tee "$OUT/results.md"
say "results in $OUT (raw.tsv, alloc-*.csv, results.md)"
exit 0
}
