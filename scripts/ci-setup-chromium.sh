#!/usr/bin/env bash
# CI setup for the status page's headless-browser test (tests/FlowGate.Routing.AspNetCore.Tests/Usage/StatusPageBrowserTests.cs):
# Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver). Selenium drives that driver by
# path, so nothing is downloaded at test time. Without them the test prints SKIPPED and passes, except under CI=true.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
  fi
fi
chromium --version
chromedriver --version
