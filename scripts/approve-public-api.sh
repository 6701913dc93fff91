#!/usr/bin/env bash
# Rewrites the approved public API files (tests/*/PublicApi/*.approved.txt) from the current build of
# FlowGate.Routing, FlowGate.Routing.AspNetCore, FlowGate.Routing.Redis and FlowGate.Config. Review `git diff` before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in FlowGate.Routing.Tests FlowGate.Routing.AspNetCore.Tests FlowGate.Routing.Redis.Tests FlowGate.Config.Tests; do
  FLOWGATE_ACCEPT_API=1 dotnet test "tests/$project" --filter "FullyQualifiedName~PublicApiTests" "$@"
done
git status --short -- 'tests/*/PublicApi/*.approved.txt'
