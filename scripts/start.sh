#!/usr/bin/env bash
# Command one: set everything up and run the app at http://localhost:3000 (Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
printf '\033[1m==> %s\033[0m\n' "building the web client"
pnpm build
exec pnpm start
