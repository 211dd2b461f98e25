#!/usr/bin/env bash
# Generates TypeScript from libs/contracts/proto. The output is never edited by hand.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/libs/contracts"
export PATH="$root/node_modules/.bin:$PATH"
rm -rf src/generated
buf lint
buf generate
