#!/usr/bin/env bash
# Shared set-up for the start and test commands: the pinned pnpm, the workspace's
# dependencies, and the LiveKit server binary (built once into a per-user cache).
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION="$(node -p "require('./package.json').packageManager.split('@')[1]")"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

node_major="$(node -p 'process.versions.node.split(".").map(Number).join(" ")')"
read -r major minor _ <<<"$node_major"
if (( major < 20 || (major == 20 && minor < 19) )); then
  echo "Node.js 20.19 or newer is needed (found $(node -v)). Install it from https://nodejs.org/." >&2
  exit 1
fi

# corepack cannot verify pnpm's signature on some machines, so install the pinned pnpm with npm.
if [ "$(pnpm -v 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  say "installing pnpm $PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1 || {
    echo "Could not install pnpm $PNPM_VERSION with npm. Try: npm install -g pnpm@$PNPM_VERSION" >&2
    exit 1
  }
fi

say "installing dependencies (pnpm install)"
pnpm install --frozen-lockfile --prefer-offline

say "LiveKit server"
bash infra/livekit/install.sh >/dev/null
