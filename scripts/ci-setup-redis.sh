#!/usr/bin/env bash
# CI setup for the scale-out tests (tests/FlowGate.Routing.Redis.Tests): redis-server, which each test starts on its
# own loopback port, and nginx for the end-to-end case (three gateway replicas behind nginx round robin). Without them
# those tests print SKIPPED and pass, except under CI=true, where they fail and name this script.
set -euo pipefail
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi
redis-server --version
{ command -v nginx >/dev/null 2>&1 && nginx -v; } || /usr/sbin/nginx -v
