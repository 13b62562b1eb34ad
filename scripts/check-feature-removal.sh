#!/usr/bin/env bash
# Proves that a feature comes out cleanly: on a fresh clone of HEAD, `npm run feature:remove -- <name>`,
# then the build, the lint and the tests, as CI's feature-removal jobs do. Usage: scripts/check-feature-removal.sh <name>
set -euo pipefail
name=${1:?usage: scripts/check-feature-removal.sh <feature>}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet "$repo" "$work/app"
cd "$work/app"
if [ -d "$repo/node_modules" ] && [ -z "${CI:-}" ]; then
  # Here, the checkout's own packages (the same lock file); CI installs them.
  ln -s "$repo/node_modules" node_modules
else
  npm ci --no-audit --no-fund
fi
npm run feature:remove -- "$name"
if grep -rn "features/$name/" src tests scripts; then
  echo "something still imports from the removed feature $name" >&2
  exit 1
fi
npm run build
npm run lint
npm run format:check
npm test
