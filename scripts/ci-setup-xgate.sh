#!/usr/bin/env bash
# CI setup for the xgate tests: tmux gives the launcher's interactive picker test a pseudo-terminal
# (tests/Xgate.Tests/Launch/LaunchTests.cs, LaunchPickerTests). Without tmux that one test prints SKIPPED and passes.
set -euo pipefail
if ! command -v tmux >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && apt-get install -y -qq tmux
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq tmux
  fi
fi
tmux -V
