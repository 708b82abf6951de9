#!/usr/bin/env bash
# Builds the pinned LiveKit server into a per-user cache outside the clone, so every clone
# (and CI on the same machine) reuses one binary. Prints the binary's path on stdout.
set -euo pipefail

LIVEKIT_VERSION="${LIVEKIT_VERSION:-v1.13.5}"
cache_root="${LIVEKIT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/peer-support/livekit}"
bin_dir="$cache_root/$LIVEKIT_VERSION"
bin="$bin_dir/livekit-server"

log() { echo "[livekit-install] $*" >&2; }

if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  PATH="/usr/local/go/bin:$PATH"
fi

if ! command -v go >/dev/null 2>&1; then
  if command -v livekit-server >/dev/null 2>&1; then
    log "Go is not installed; using livekit-server found on PATH: $(command -v livekit-server)"
    command -v livekit-server
    exit 0
  fi
  cat >&2 <<MSG
[livekit-install] Cannot provide a LiveKit server: Go is not installed and no
livekit-server is on PATH. Do one of these:
  1. install Go 1.26+ (https://go.dev/dl/) and run this script again, or
  2. install livekit-server ${LIVEKIT_VERSION} yourself and put it on PATH, or
  3. run the whole stack with docker compose (see README, "Production shape").
MSG
  exit 1
fi

log "building livekit-server $LIVEKIT_VERSION with $(go version) (a few minutes on 2 cores; cached afterwards)"
mkdir -p "$bin_dir"
tmp_bin="$(mktemp -d "$bin_dir/.build.XXXXXX")"
trap 'rm -rf "$tmp_bin"' EXIT
GOBIN="$tmp_bin" GOFLAGS="${GOFLAGS:-} -trimpath" CGO_ENABLED=0 \
  go install "github.com/livekit/livekit-server/cmd/server@$LIVEKIT_VERSION"
mv "$tmp_bin/server" "$bin"
log "installed $bin"
echo "$bin"
