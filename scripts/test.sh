#!/usr/bin/env bash
# Runs the whole test suite; this is the command the README gives and CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet test FlowGate.sln "$@"
