#!/usr/bin/env bash
# Runs the whole test suite; this is the command the README gives and CI runs. Arguments go to `dotnet test`
# (for example -c Release --no-build). The last line sums up the whole run: `N passed, N failed[, N skipped]`.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test FlowGate.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
echo
bash scripts/test-summary.sh "$status" <"$log"
exit "$status"
