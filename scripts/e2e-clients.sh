#!/usr/bin/env bash
# End-to-end compatibility with the REAL clients from npm: Claude Code (Anthropic Messages) and Codex CLI (OpenAI
# Responses) run headless against FlowGate.MockUpstream, first directly, then through the gateway host on every
# upstream protocol (same-protocol and translated). Loopback only. See docs/e2e.md.
#
#   bash scripts/e2e-clients.sh                          # everything
#   E2E_ONLY=direct bash scripts/e2e-clients.sh          # the clients against the mock, no gateway
#   E2E_CELLS='codex/e2e-chat/*' bash scripts/e2e-clients.sh
#   E2E_EXPECT_TRANSLATION=0 ...                         # translated cells that fail print XFAIL, not FAIL
set -uo pipefail

# ---- pinned versions -------------------------------------------------------------------------------------------
CLAUDE_CODE_VERSION=2.1.332
CODEX_VERSION=0.171.0

# ---- knobs -----------------------------------------------------------------------------------------------------
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
E2E_ONLY=${E2E_ONLY:-all}                               # direct | gateway | all
E2E_EXPECT_TRANSLATION=${E2E_EXPECT_TRANSLATION:-1}     # 0: translated cells may fail (XFAIL)
E2E_CELLS=${E2E_CELLS:-*}                               # space-separated globs over CLIENT/ROUTE/KIND
E2E_TIMEOUT=${E2E_TIMEOUT:-120}                         # seconds per client run
E2E_CACHE=${E2E_CACHE:-$ROOT/.cache/e2e-clients}        # npm prefix holding the pinned clients
E2E_KEEP=${E2E_KEEP:-0}                                 # 1: keep the work folder (logs, configs, client output)
E2E_BUILD=${E2E_BUILD:-1}                               # 0: use the existing Release builds
E2E_GATEWAY_DLL=${E2E_GATEWAY_DLL:-$ROOT/samples/FlowGate.Gateway/bin/Release/net10.0/FlowGate.Gateway.dll}
E2E_MOCK_DLL=${E2E_MOCK_DLL:-$ROOT/samples/FlowGate.MockUpstream/bin/Release/net10.0/FlowGate.MockUpstream.dll}

case "$E2E_ONLY" in direct|gateway|all) ;; *) echo "E2E_ONLY must be direct, gateway or all, not '$E2E_ONLY'" >&2; exit 2 ;; esac
case "$E2E_EXPECT_TRANSLATION" in 0|1) ;; *) echo "E2E_EXPECT_TRANSLATION must be 0 or 1" >&2; exit 2 ;; esac

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# The gateway routes: the model each one rewrites to (what the mock must see) and its upstream protocol.
ROUTES=(e2e-anthropic-instance e2e-openai-instance e2e-anthropic e2e-chat e2e-responses)
declare -A TARGET=([e2e-anthropic-instance]=mock-instance-a [e2e-openai-instance]=mock-instance-o
  [e2e-anthropic]=mock-anthropic [e2e-chat]=mock-chat [e2e-responses]=mock-responses)
declare -A PROTOCOL=([direct]="(no gateway)" [e2e-anthropic-instance]="instance" [e2e-openai-instance]="instance"
  [e2e-anthropic]="anthropic" [e2e-chat]="openai-chat" [e2e-responses]="openai-responses")
# Which routes each client runs, the mock endpoint it must reach, and whether that needs translation.
CLAUDE_ROUTES="e2e-anthropic-instance:Messages:0 e2e-anthropic:Messages:0 e2e-chat:ChatCompletions:1 e2e-responses:Responses:1"
CODEX_ROUTES="e2e-openai-instance:Responses:0 e2e-responses:Responses:0 e2e-chat:ChatCompletions:1 e2e-anthropic:Messages:1"

selected() {
  local id=$1 glob globs
  read -ra globs <<<"$E2E_CELLS"   # read does not expand the globs against the current folder
  for glob in "${globs[@]}"; do
    # shellcheck disable=SC2053
    [[ $id == $glob ]] && return 0
  done
  return 1
}

say() { printf 'e2e: %s\n' "$*"; }
die() { printf 'e2e: error: %s\n' "$*" >&2; exit 1; }

# ---- work folder and cleanup -----------------------------------------------------------------------------------
mkdir -p "$E2E_CACHE"
# Not under /tmp: Codex refuses to create its helper binaries under a temporary folder (and says so on every run).
WORK=$(mktemp -d "$E2E_CACHE/run.XXXXXX")
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  if [ "$E2E_KEEP" = 1 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free loopback port (bash only: try random ports until nothing answers).
free_port() {
  local p
  for _ in $(seq 100); do
    # Below Linux's ephemeral range (32768 and up): a port that outgoing connections may hold as their local
    # port can look free to a connect probe and still refuse the bind.
    p=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  die "no free loopback port found"
}

# ---- the clients -----------------------------------------------------------------------------------------------
command -v node >/dev/null && command -v npm >/dev/null || die "node and npm are needed (the image ships them)"
installed_version() { sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$E2E_CACHE/node_modules/$1/package.json" 2>/dev/null | head -1; }
if [ "$(installed_version @anthropic-ai/claude-code)" != "$CLAUDE_CODE_VERSION" ] || [ "$(installed_version @openai/codex)" != "$CODEX_VERSION" ]; then
  say "installing @anthropic-ai/claude-code@$CLAUDE_CODE_VERSION @openai/codex@$CODEX_VERSION into $E2E_CACHE"
  # Claude Code asks for node >= 22 but ships a native binary (optional dependency), so node 20's EBADENGINE warning is harmless.
  npm install --prefix "$E2E_CACHE" --no-audit --no-fund --no-save --loglevel=error \
    "@anthropic-ai/claude-code@$CLAUDE_CODE_VERSION" "@openai/codex@$CODEX_VERSION" >"$WORK/npm-install.log" 2>&1 \
    || { cat "$WORK/npm-install.log" >&2; die "npm install failed"; }
fi

# Claude Code's postinstall copies the platform binary over bin/claude.exe; should npm have skipped install
# scripts, run the platform package's binary directly.
CLAUDE=$E2E_CACHE/node_modules/.bin/claude
if ! "$CLAUDE" --version >/dev/null 2>&1; then
  CLAUDE=$(ls "$E2E_CACHE"/node_modules/@anthropic-ai/claude-code-linux-*/claude 2>/dev/null | head -1)
fi
[ -n "$CLAUDE" ] && [[ "$("$CLAUDE" --version 2>/dev/null)" == "$CLAUDE_CODE_VERSION "* ]] \
  || die "claude $CLAUDE_CODE_VERSION does not run from $E2E_CACHE (is its platform package missing? see $WORK/npm-install.log)"
CODEX=$E2E_CACHE/node_modules/.bin/codex
codex_version=$(cd "$E2E_CACHE" && HOME="$WORK" CODEX_HOME="$WORK" npx --no-install codex --version 2>/dev/null)
[ "$codex_version" = "codex-cli $CODEX_VERSION" ] \
  || die "codex $CODEX_VERSION does not run from $E2E_CACHE (got '$codex_version'; is the optional @openai/codex-linux-* package missing?)"
say "clients: claude $CLAUDE_CODE_VERSION ($CLAUDE), codex $CODEX_VERSION"

# ---- builds and the mock ---------------------------------------------------------------------------------------
# The gateway is built and started only when some selected cell goes through it.
want_gateway() {
  [ "$E2E_ONLY" != direct ] || return 1
  local spec kind
  for spec in $CLAUDE_ROUTES; do for kind in plain tool chain; do selected "claude/${spec%%:*}/$kind" && return 0; done; done
  for spec in $CODEX_ROUTES; do for kind in plain tool chain; do selected "codex/${spec%%:*}/$kind" && return 0; done; done
  return 1
}
if [ "$E2E_BUILD" = 1 ]; then
  dotnet build "$ROOT/samples/FlowGate.MockUpstream" -c Release --nologo -v q >"$WORK/build-mock.log" 2>&1 \
    || { cat "$WORK/build-mock.log" >&2; die "building the mock failed"; }
  if want_gateway; then
    dotnet build "$ROOT/samples/FlowGate.Gateway" -c Release --nologo -v q >"$WORK/build-gateway.log" 2>&1 \
      || { cat "$WORK/build-gateway.log" >&2; die "building the gateway failed"; }
  fi
fi

MOCK_LOG=$WORK/mock.log
# --strict: the mock refuses what the real APIs refuse (missing key or anthropic-version, tool results answering no
# call, unknown block types, ...), so a passing cell proves the upstream would accept what FlowGate sent.
dotnet "$E2E_MOCK_DLL" --port 0 --strict --log-requests >"$MOCK_LOG" 2>&1 &
PIDS+=($!)
MOCK_PORT=
for _ in $(seq 300); do
  MOCK_PORT=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$MOCK_LOG" 2>/dev/null | head -1)
  [ -n "$MOCK_PORT" ] && break
  kill -0 "${PIDS[-1]}" 2>/dev/null || break
  sleep 0.1
done
[ -n "$MOCK_PORT" ] || { cat "$MOCK_LOG" >&2; die "the mock did not start"; }
MOCK=http://127.0.0.1:$MOCK_PORT
say "mock on $MOCK"

# ---- one client run --------------------------------------------------------------------------------------------
# A clean environment: nothing from the caller's Claude Code / Codex / OpenAI / Anthropic settings leaks in.
BASE_ENV=("PATH=$PATH" LANG=C.UTF-8 TERM=dumb NO_COLOR=1)

# run_claude DIR BASE_URL MODEL PROMPT: Claude Code headless (--bare -p); final text in DIR/out.
run_claude() {
  local dir=$1 base=$2 model=$3 prompt=$4
  mkdir -p "$dir/home" "$dir/cwd"
  (cd "$dir/cwd" && env -i "${BASE_ENV[@]}" HOME="$dir/home" \
    ANTHROPIC_BASE_URL="$base" ANTHROPIC_API_KEY=e2e-client-key \
    ANTHROPIC_MODEL="$model" ANTHROPIC_SMALL_FAST_MODEL="$model" ANTHROPIC_DEFAULT_HAIKU_MODEL="$model" \
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 CLAUDE_CODE_ATTRIBUTION_HEADER=0 DISABLE_AUTOUPDATER=1 \
    DISABLE_TELEMETRY=1 DISABLE_ERROR_REPORTING=1 CLAUDE_CODE_MAX_RETRIES=0 API_TIMEOUT_MS=60000 \
    timeout -k 5 "$E2E_TIMEOUT" "$CLAUDE" --bare -p --model "$model" --allowedTools Bash --output-format text -- "$prompt" \
    </dev/null >"$dir/out" 2>"$dir/err")
}

# run_codex DIR BASE_URL MODEL PROMPT: codex exec with a custom Responses provider; final message in DIR/out,
# JSONL events in DIR/events.
run_codex() {
  local dir=$1 base=$2 model=$3 prompt=$4
  mkdir -p "$dir/home" "$dir/codex" "$dir/cwd"
  cat >"$dir/codex/config.toml" <<EOF
model = "$model"
model_provider = "gw"
approval_policy = "never"
sandbox_mode = "danger-full-access"
check_for_update_on_startup = false

[analytics]
enabled = false

# plugins sync from api.github.com and apps talk to chatgpt.com: both off, so only the provider is contacted.
[features]
plugins = false
apps = false

[model_providers.gw]
name = "gw"
base_url = "$base"
env_key = "E2E_GW_KEY"
wire_api = "responses"
request_max_retries = 0
stream_max_retries = 0
stream_idle_timeout_ms = 60000
EOF
  (cd "$dir/cwd" && env -i "${BASE_ENV[@]}" HOME="$dir/home" CODEX_HOME="$dir/codex" E2E_GW_KEY=e2e-client-key \
    timeout -k 5 "$E2E_TIMEOUT" "$CODEX" exec --strict-config --skip-git-repo-check --ephemeral --json --color never \
      -C "$dir/cwd" -o "$dir/out" -- "$prompt" \
    </dev/null >"$dir/events" 2>"$dir/err")
}

# ---- cells -----------------------------------------------------------------------------------------------------
declare -A RESULT
PASSED=0 FAILED=0 SKIPPED=0 XFAILED=0 TRANSLATED_RUN=0 TRANSLATED_PASSED=0


report() { # report ID STATUS DETAIL
  RESULT[$1]=$2
  case $2 in PASS) PASSED=$((PASSED + 1)) ;; FAIL) FAILED=$((FAILED + 1)) ;; XFAIL) XFAILED=$((XFAILED + 1)) ;; *) SKIPPED=$((SKIPPED + 1)) ;; esac
  local client=${1%%/*} rest=${1#*/}
  printf '%s %s %s: %s\n' "$2" "$client" "$rest" "$3"
}

# cell CLIENT ROUTE KIND BASE_URL MODEL ENDPOINT TARGET_MODEL TRANSLATED
#   ROUTE is "direct" or a gateway route; ENDPOINT/TARGET_MODEL are what the mock must see.
cell() {
  local client=$1 route=$2 kind=$3 base=$4 model=$5 endpoint=$6 target=$7 translated=$8
  local id="$client/$route/$kind" dir="$WORK/cells/$client-$route-$kind" tool prompt expect first=
  selected "$id" || return 0
  case $client in claude) tool=Bash ;; codex) tool=exec_command ;; esac
  if [ "$kind" = plain ]; then
    prompt="e2e plain hello from $client via $route"
    expect="mock: $prompt"
  elif [ "$kind" = chain ]; then
    # A three-step loop: the mock asks for a command writing a file, then (given its result) for one reading it back,
    # then (given that result) answers. Every turn carries the whole tool history, which the strict mock checks.
    # (Claude Code --bare offers Bash, Edit and Read only, so the write is a shell command in both clients.)
    case $client in
      claude) first=Bash prompt="e2e chain via $route [[tool:Bash {\"command\":\"printf mock-write-ok > e2e-written.txt\"}]] [[tool:Bash {\"command\":\"cat e2e-written.txt\"}]]" ;;
      codex) first=exec_command prompt="e2e chain via $route [[tool:exec_command {\"cmd\":\"printf mock-write-ok > e2e-written.txt\"}]] [[tool:exec_command {\"cmd\":\"cat e2e-written.txt\"}]]" ;;
    esac
    expect="mock: tool result received:"
  else
    prompt="e2e tool run via $route [[tool:$tool]]"
    expect="mock: tool result received:"
  fi
  mkdir -p "$dir"
  local from rc=0 started=$SECONDS
  from=$(($(wc -l <"$MOCK_LOG") + 1))
  "run_$client" "$dir" "$base" "$model" "$prompt" || rc=$?
  local took=$((SECONDS - started)) seen why=
  seen=$(tail -n "+$from" "$MOCK_LOG" | grep '^mock-request: ' || true)
  printf '%s\n' "$seen" >"$dir/mock-requests"

  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then why="timed out after ${E2E_TIMEOUT}s"
  elif [ "$rc" != 0 ]; then why="exit $rc"
  elif ! grep -qF -- "$expect" "$dir/out"; then why="output lacks '$expect'"
  elif ! grep -q "endpoint=$endpoint model=$target " <<<"$seen"; then why="the mock saw no $endpoint request for model $target"
  elif grep -q "strict=refused" <<<"$seen"; then why="the strict mock refused: $(grep -o 'strict=refused: .*' <<<"$seen" | head -1 | cut -c1-200)"
  elif [ "$kind" = chain ]; then
    if ! grep -q "endpoint=$endpoint model=$target tool-call=$first " <<<"$seen"; then why="the mock was not asked to call $first first"
    elif [ "$(grep -c "endpoint=$endpoint model=$target .*tool-result=yes" <<<"$seen")" -lt 2 ]; then why="fewer than two tool results reached the mock"
    elif [ "$(cat "$dir/cwd/e2e-written.txt" 2>/dev/null)" != mock-write-ok ]; then why="the write step left no e2e-written.txt"
    elif [ "$client" = claude ] && ! grep -qF 'mock: tool result received: mock-write-ok' "$dir/out"; then why="Bash did not read the written file back"
    elif [ "$client" = codex ] && ! grep '"type":"command_execution"' "$dir/events" | grep '"status":"completed"' | grep -q 'mock-write-ok'; then
      why="exec_command did not read the written file back"
    fi
  elif [ "$kind" = tool ]; then
    if ! grep -q "endpoint=$endpoint model=$target tool-call=$tool " <<<"$seen"; then why="the mock was not asked to call $tool"
    elif ! grep -q "endpoint=$endpoint model=$target .*tool-result=yes" <<<"$seen"; then why="no tool result reached the mock"
    elif [ "$client" = claude ] && ! grep -qF 'mock: tool result received: mock-tool-ok' "$dir/out"; then why="Bash did not print mock-tool-ok"
    elif [ "$client" = codex ] && ! grep '"type":"command_execution"' "$dir/events" | grep '"status":"completed"' | grep 'mock-tool-ok' >/dev/null; then
      why="exec_command did not run 'echo mock-tool-ok'"
    fi
  fi

  local requests
  requests=$(grep -c . <<<"$seen" || true)
  [ "$translated" = 1 ] && TRANSLATED_RUN=$((TRANSLATED_RUN + 1))
  if [ -z "$why" ]; then
    [ "$translated" = 1 ] && TRANSLATED_PASSED=$((TRANSLATED_PASSED + 1))
    report "$id" PASS "$(head -c 120 "$dir/out" | tr '\n' ' ' | sed 's/ *$//') ($requests requests, ${took}s)"
  else
    local hint
    hint=$(failure_hint "$client" "$dir")
    if [ "$translated" = 1 ] && [ "$E2E_EXPECT_TRANSLATION" = 0 ]; then
      report "$id" XFAIL "$why (translated; E2E_EXPECT_TRANSLATION=0) $hint"
    else
      report "$id" FAIL "$why ($requests requests, ${took}s) $hint"
    fi
  fi
}

# What the client said about a failure: Claude Code prints API errors as its result; Codex puts them in its events.
failure_hint() {
  local client=$1 dir=$2 text
  if [ "$client" = codex ]; then
    text=$(grep '"type":"turn.failed"\|"type":"error"' "$dir/events" 2>/dev/null | tail -1 | sed 's/.*"message":"\(.*\)"}*$/\1/')
  fi
  [ -n "${text:-}" ] || text=$(head -c 300 "$dir/out" 2>/dev/null)
  [ -n "$text" ] || text=$(grep -v "^\s*$\|doesn't recognize the model\|unrecognized_model\|Reading additional input" "$dir/err" 2>/dev/null | tail -2)
  printf '%s' "$text" | tr '\n' ' ' | cut -c1-300
}

skip_cells() { # skip_cells CLIENT ROUTE WHY
  local kind
  for kind in plain tool chain; do selected "$1/$2/$kind" && report "$1/$2/$kind" SKIP "$3"; done
  return 0
}


started_all=$SECONDS
# ---- step 1: the clients straight at the mock ------------------------------------------------------------------
if [ "$E2E_ONLY" != gateway ]; then
  for kind in plain tool chain; do
    cell claude direct "$kind" "$MOCK" e2e-direct Messages e2e-direct 0
    cell codex direct "$kind" "$MOCK/v1" e2e-direct Responses e2e-direct 0
  done
fi

# ---- step 2: through the gateway -------------------------------------------------------------------------------
if want_gateway; then
  GW_PORT=$(free_port)
  GW=http://127.0.0.1:$GW_PORT
  CONFIG=$WORK/gateway/providers.toml
  mkdir -p "$WORK/gateway"
  {
    echo "# written by scripts/e2e-clients.sh: one mock process as an instance and as three direct upstreams"
    echo "[gateway]"
    echo "port = $GW_PORT"
    echo
    echo "[instances.mock]"
    echo "port = $MOCK_PORT"
    echo "api_key = \"e2e-instance-key\""
    echo "providers = [{ type = \"mock\" }]"
    echo
    echo "[upstreams.mock-anthropic]"
    echo "protocol = \"anthropic\""
    echo "base_url = \"$MOCK\""
    echo "api_key = \"e2e-upstream-key\""
    echo
    echo "[upstreams.mock-chat]"
    echo "protocol = \"openai-chat\""
    echo "base_url = \"$MOCK/v1\""
    echo "api_key = \"e2e-upstream-key\""
    echo
    echo "[upstreams.mock-responses]"
    echo "protocol = \"openai-responses\""
    echo "base_url = \"$MOCK/v1\""
    echo "api_key = \"e2e-upstream-key\""
    for route in "${ROUTES[@]}"; do
      extra=
      case $route in *instance) key=instance upstream=mock extra=', provider = "mock"' ;; e2e-anthropic) key=upstream upstream=mock-anthropic ;;
        e2e-chat) key=upstream upstream=mock-chat ;; e2e-responses) key=upstream upstream=mock-responses ;; esac
      echo
      echo "[routing.\"$route\"]"
      echo "targets = [{ $key = \"$upstream\", model = \"${TARGET[$route]}\"$extra }]"
    done
  } >"$CONFIG"

  gateway_up=
  if [ ! -f "$E2E_GATEWAY_DLL" ]; then
    gateway_up="no gateway build at $E2E_GATEWAY_DLL"
  else
    dotnet "$E2E_GATEWAY_DLL" --config "$CONFIG" --urls "$GW" >"$WORK/gateway/gateway.log" 2>&1 &
    PIDS+=($!)
    gw_pid=$!
    gateway_up="not ready within 60 s"
    for _ in $(seq 120); do
      if curl -fsS --noproxy '*' -m 2 -o /dev/null "$GW/health/readiness" 2>/dev/null; then gateway_up=; break; fi
      if ! kill -0 "$gw_pid" 2>/dev/null; then gateway_up="exited before serving"; break; fi
      sleep 0.5
    done
  fi
  if [ -n "$gateway_up" ]; then
    say "gateway: $gateway_up; its log:"
    sed 's/^/  | /' "$WORK/gateway/gateway.log" 2>/dev/null | tail -15
    for spec in $CLAUDE_ROUTES; do
      IFS=: read -r route _ translated <<<"$spec"
      for kind in plain tool chain; do
        id="claude/$route/$kind"
        selected "$id" || continue
        if [ "$translated" = 1 ] && [ "$E2E_EXPECT_TRANSLATION" = 0 ]; then report "$id" XFAIL "gateway $gateway_up"; else report "$id" FAIL "gateway $gateway_up"; fi
      done
    done
    for spec in $CODEX_ROUTES; do
      IFS=: read -r route _ translated <<<"$spec"
      for kind in plain tool chain; do
        id="codex/$route/$kind"
        selected "$id" || continue
        if [ "$translated" = 1 ] && [ "$E2E_EXPECT_TRANSLATION" = 0 ]; then report "$id" XFAIL "gateway $gateway_up"; else report "$id" FAIL "gateway $gateway_up"; fi
      done
    done
  else
    say "gateway on $GW ($E2E_GATEWAY_DLL)"
    for spec in $CLAUDE_ROUTES; do
      IFS=: read -r route endpoint translated <<<"$spec"
      for kind in plain tool chain; do cell claude "$route" "$kind" "$GW" "$route" "$endpoint" "${TARGET[$route]}" "$translated"; done
    done
    for spec in $CODEX_ROUTES; do
      IFS=: read -r route endpoint translated <<<"$spec"
      for kind in plain tool chain; do cell codex "$route" "$kind" "$GW/v1" "$route" "$endpoint" "${TARGET[$route]}" "$translated"; done
    done
  fi
else
  for spec in $CLAUDE_ROUTES; do skip_cells claude "${spec%%:*}" "E2E_ONLY=$E2E_ONLY"; done
  for spec in $CODEX_ROUTES; do skip_cells codex "${spec%%:*}" "E2E_ONLY=$E2E_ONLY"; done
fi
if [ "$E2E_ONLY" = gateway ]; then
  for c in claude codex; do skip_cells "$c" direct "E2E_ONLY=gateway"; done
fi

# ---- matrix ----------------------------------------------------------------------------------------------------
echo
printf '%-12s %-24s %-18s %-11s %-6s %-6s %-6s\n' client route "upstream protocol" mode plain tool chain
printf '%-12s %-24s %-18s %-11s %-6s %-6s %-6s\n' ------ ----- ----------------- ---- ----- ---- -----
row() { # row CLIENT LABEL ROUTE MODE
  printf '%-12s %-24s %-18s %-11s %-6s %-6s %-6s\n' "$2" "$3" "${PROTOCOL[$3]}" "$4" "${RESULT[$1/$3/plain]:--}" "${RESULT[$1/$3/tool]:--}" "${RESULT[$1/$3/chain]:--}"
}
row claude claude-code direct direct
for spec in $CLAUDE_ROUTES; do IFS=: read -r r _ t <<<"$spec"; row claude claude-code "$r" "$([ "$t" = 1 ] && echo translated || echo same)"; done
row codex codex direct direct
for spec in $CODEX_ROUTES; do IFS=: read -r r _ t <<<"$spec"; row codex codex "$r" "$([ "$t" = 1 ] && echo translated || echo same)"; done
echo
say "E2E_ONLY=$E2E_ONLY E2E_EXPECT_TRANSLATION=$E2E_EXPECT_TRANSLATION, $XFAILED expected failure(s), $((SECONDS - started_all))s of client runs"
if [ "$E2E_EXPECT_TRANSLATION" = 0 ] && [ "$TRANSLATED_RUN" -gt 0 ] && [ "$TRANSLATED_PASSED" = "$TRANSLATED_RUN" ]; then
  say "every translated cell passed: CI can drop E2E_EXPECT_TRANSLATION=0"
fi
echo "e2e: $PASSED passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" = 0 ] && [ "$PASSED" -gt 0 ]
