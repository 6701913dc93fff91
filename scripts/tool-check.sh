#!/usr/bin/env bash
# Packs samples/Xgate as a dotnet tool, installs it into a temporary tool path (--tool-path, not --global, so CI
# leaves the machine's tools alone), and runs the installed `xgate`: --help, config validate on the repository's
# providers.toml.example (ok with RELAY_KEY set, exit 1 naming the variable without it), and integration print.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
out=artifacts/tool
rm -rf "$out"
dotnet pack samples/Xgate/Xgate.csproj -c Release -o "$out" --nologo -v quiet
nupkg=$(ls "$out"/xgate.[0-9]*.nupkg | grep -v '\.snupkg$' | head -n 1)
version=$(basename "$nupkg" .nupkg); version=${version#xgate.}
# The listing goes into a variable first: `unzip -l … | grep -q` can fail under pipefail when grep stops reading early.
listing=$(unzip -l "$nupkg")
grep -q "tools/net10.0/any/xgate.dll" <<<"$listing" || { echo "tool-check: $nupkg has no tools/net10.0/any/xgate.dll"; exit 1; }
grep -q "DotnetToolSettings.xml" <<<"$listing" || { echo "tool-check: $nupkg is not a tool package"; exit 1; }

tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
# A private package cache, so the install takes the package just packed, never an older xgate of the same version.
NUGET_PACKAGES="$tools/.packages" dotnet tool install --tool-path "$tools" --add-source "$out" xgate --version "$version" >/dev/null
xgate="$tools/xgate"
[ -x "$xgate" ] || { echo "tool-check: $xgate was not installed"; exit 1; }

fail() { echo "tool-check: $*"; exit 1; }

help=$("$xgate" --help)
for word in "Usage:" "profile" "config" "generate" "models" "route" "integration" "--config"; do
  grep -q -- "$word" <<<"$help" || fail "xgate --help lacks '$word'"
done

fixture="$PWD/providers.toml.example"
ok=$(RELAY_KEY=sk-tool-check "$xgate" --config "$fixture" config validate) || fail "config validate failed on $fixture: $ok"
# The example names no integration model, so validate warns that client settings would use its first route.
[ "$(tail -n 1 <<<"$ok")" = "$fixture: ok, 1 warning." ] || fail "unexpected config validate output: $ok"

set +e
bad=$(env -u RELAY_KEY "$xgate" --config "$fixture" config validate 2>&1); code=$?
set -e
[ "$code" = 1 ] || fail "config validate without RELAY_KEY exited $code, not 1"
grep -q "environment variable 'RELAY_KEY' is not set or empty" <<<"$bad" || fail "config validate did not name RELAY_KEY: $bad"

set +e
"$xgate" frobnicate >/dev/null 2>&1; code=$?
set -e
[ "$code" = 2 ] || fail "an unknown command exited $code, not 2"

printed=$(RELAY_KEY=sk-tool-check "$xgate" --config "$fixture" integration print codex)
grep -qx 'wire_api = "responses"' <<<"$printed" || fail "integration print codex"

# scripts/xgate, the runner a clone uses, from another directory.
repo="$PWD"
elsewhere=$(cd / && RELAY_KEY=sk-tool-check "$repo/scripts/xgate" --config "$repo/providers.toml.example" config validate)
grep -q ": ok, 1 warning.$" <<<"$elsewhere" || fail "scripts/xgate from another directory"

echo "ok: xgate $version installs as a dotnet tool (--tool-path) and runs"
