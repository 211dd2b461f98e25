#!/usr/bin/env bash
# Compiles apps/ and libs/ to dist/ with SWC (type checking is `npm run typecheck`), copies the
# .proto tree beside the compiled contracts so services load it from dist alone, and packs a fresh
# embedded database once per PGlite version (a first `npm start` unpacks it instead of running
# initdb). Builds are serialised, and dist/ is overwritten in place, so a gateway already running
# from it keeps going.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -d libs/contracts/src/generated ] || bash scripts/codegen.sh
mkdir -p dist
exec 9>dist/.build.lock
flock 9
npx swc apps libs -d dist --quiet --ignore '**/*.spec.ts,**/*.int-spec.ts'
mkdir -p dist/libs/contracts
cp -r libs/contracts/proto dist/libs/contracts/
node dist/libs/database/src/make-fresh-template.js
