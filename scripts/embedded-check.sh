#!/usr/bin/env bash
# Proves FlowGate works as a library, the way an embedder uses it: samples/EmbeddedApp (outside FlowGate.sln) is
# restored from the packages scripts/pack-check.sh leaves in artifacts/packages (run here first when they are missing or
# older than the libraries' sources) — into a fresh package folder, so a
# stale cached FlowGate 0.1.0 cannot be used — built with warnings as errors, started beside a mock upstream, and
# asked for its own endpoints (/, /hello, /health, /metrics, unchanged) and FlowGate's, served from a providers.toml given
# by path; an edit of that file must show in FlowGate's model list.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
feed=artifacts/packages
app=samples/EmbeddedApp
# Packages older than any source of the three libraries would test yesterday's code: pack again (CI packs just before).
packages_stale() {
  local newest="$feed/FlowGate.Routing.AspNetCore.0.1.0.nupkg"
  [[ -f $newest ]] || return 0
  [[ -n $(find FlowGate.Routing FlowGate.Config FlowGate.Routing.AspNetCore Directory.Build.props Directory.Packages.props \
    \( -name bin -o -name obj \) -prune -o -type f -newer "$newest" -print -quit) ]]
}
if packages_stale; then
  echo "== the packages in $feed are missing or older than the libraries' sources: packing them (scripts/pack-check.sh)"
  bash scripts/pack-check.sh
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "embedded-check: FAIL: $*"; for f in "$work"/*.log; do echo "--- $f"; tail -n 40 "$f"; done; exit 1; }

free_port() {
  local port
  while :; do
    # Below Linux's ephemeral range (32768 and up): a port that outgoing connections may hold as their local
    # port can look free to a connect probe and still refuse the bind.
    port=$((20000 + RANDOM % 12000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

echo "== restore $app from $feed into a fresh package folder"
dotnet restore "$app" --packages "$work/packages" --nologo
for id in flowgate.routing flowgate.config flowgate.routing.aspnetcore; do
  cached="$work/packages/$id/0.1.0/$id.0.1.0.nupkg"
  [ -f "$cached" ] || fail "$id 0.1.0 was not restored"
  packed=$(ls "$feed" | grep -i -x "$id.0.1.0.nupkg")
  cmp -s "$cached" "$feed/$packed" || fail "$id was not restored from $feed"
done

echo "== build $app (warnings are errors)"
dotnet build "$app" -c Release --no-restore -warnaserror --nologo -v quiet
dotnet build samples/FlowGate.MockUpstream -c Release --nologo -v quiet

mock_port=$(free_port)
app_port=$(free_port)
dotnet samples/FlowGate.MockUpstream/bin/Release/net10.0/FlowGate.MockUpstream.dll --port "$mock_port" >"$work/mock.log" 2>&1 &
pids+=($!)
providers() { # routes...
  printf '[global]\nmain_port = 1\n\n[instances.mock]\nport = %s\napi_key = "sk-embedded-check"\nproviders = [{ type = "openai", base_url = "http://127.0.0.1:%s/v1" }]\n\n[routing]\n' "$mock_port" "$mock_port"
  for r in "$@"; do printf '"%s" = [{ instance = "mock", provider = "openai", model = "mock-large" }]\n' "$r"; done
}
providers embedded-default >"$work/providers.toml"
dotnet "$app/bin/Release/net10.0/EmbeddedApp.dll" --urls "http://127.0.0.1:$app_port" --FlowGate:ConfigFile "$work/providers.toml" >"$work/app.log" 2>&1 &
pids+=($!)

wait_for() { # file text
  for _ in $(seq 1 300); do grep -q "$2" "$1" && return 0; sleep 0.1; done
  fail "'$2' did not appear in $1 within 30 s"
}
wait_for "$work/mock.log" "listening on http://127.0.0.1:$mock_port"
wait_for "$work/app.log" "EmbeddedApp listening"

base="http://127.0.0.1:$app_port"
passed=0
check() { echo "ok: $*"; passed=$((passed + 1)); }

status=$(curl -s -o "$work/hello.out" -w '%{http_code}' "$base/hello")
[ "$status" = 200 ] && grep -q "hello from the embedding app" "$work/hello.out" || fail "GET /hello: $status $(cat "$work/hello.out")"
check "GET /hello (the app's own endpoint)"

for own in "/:its own root" "/health:its own health" "/metrics:its own metrics"; do
  path=${own%%:*}; text=${own#*:}
  status=$(curl -s -o "$work/own.out" -w '%{http_code}' "$base$path")
  [ "$status" = 200 ] && grep -q "$text" "$work/own.out" || fail "GET $path: $status $(cat "$work/own.out")"
  check "GET $path is the app's own"
done

status=$(curl -s -o "$work/models.out" -w '%{http_code}' "$base/v1/models")
[ "$status" = 200 ] && grep -q '"embedded-default"' "$work/models.out" || fail "GET /v1/models: $status $(cat "$work/models.out")"
check "GET /v1/models lists the route of providers.toml"

status=$(curl -s -o "$work/chat.out" -w '%{http_code}' "$base/v1/chat/completions" \
  -H 'content-type: application/json' -d '{"model":"embedded-default","messages":[{"role":"user","content":"hello"}]}')
[ "$status" = 200 ] && grep -q "mock: hello" "$work/chat.out" || fail "POST /v1/chat/completions: $status $(cat "$work/chat.out")"
check "POST /v1/chat/completions answered by the mock through FlowGate"

wait_for "$work/app.log" "gen_ai.request.model: embedded-default"
check "OpenTelemetry's console exporter printed FlowGate's request span"

providers embedded-default embedded-added >"$work/providers.toml.new" && mv "$work/providers.toml.new" "$work/providers.toml"
reloaded=no
for _ in $(seq 1 300); do
  curl -s "$base/v1/models" | grep -q '"embedded-added"' && { reloaded=yes; break; }
  sleep 0.1
done
[ "$reloaded" = yes ] || fail "an edit of providers.toml did not show in GET /v1/models within 30 s"
check "an edit of providers.toml is picked up (GET /v1/models lists the added route)"

status=$(curl -s -o "$work/healthz.out" -w '%{http_code}' "$base/healthz")
[ "$status" = 200 ] && grep -q "Healthy" "$work/healthz.out" || fail "GET /healthz: $status $(cat "$work/healthz.out")"
check "GET /healthz (ASP.NET health checks) reports FlowGate's upstream healthy"

echo "embedded-check: ok ($passed checks)"
