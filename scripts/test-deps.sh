#!/usr/bin/env bash
# Installs what ./run-tests needs beyond a JDK and Maven, so the README's test command passes on a
# fresh machine (README "Two commands"). ./run-tests runs it first; .ci/run runs ./run-tests.
#   - Debian packages: chromium + chromium-driver (BrowserCorsTest drives a real browser), and the
#     tools the README's client recipes name (ClientRecipesTest runs them): rclone, s3cmd, curl,
#     nodejs + npm; python3-boto3 + python3-requests (PostObjectE2eTest's boto3 presigned POST);
#     postgresql (initdb and pg_ctl, 15+: the store contract and e2e runs on PostgreSQL, docs/scale-out.md).
#   - npm: the COS Node.js SDK pinned by src/test/node/package-lock.json, installed with `npm ci`
#     into target/node-recipes (ClientRecipesTest runs the README's Node recipe there).
# As root it installs with apt-get; otherwise it prints one line naming the command to run. It never
# stops the tests: a test whose tool is still missing fails with the same install command.
#   scripts/test-deps.sh [--dry-run]   (--dry-run: say what would be installed, install nothing)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DRY=0
[ "${1:-}" = "--dry-run" ] && DRY=1
say() { echo "test-deps: $*" >&2; }

# command the tests run -> Debian package that provides it
missing=()
for pair in chromium:chromium chromedriver:chromium-driver rclone:rclone s3cmd:s3cmd curl:curl node:nodejs npm:npm; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
# Python modules (PostObjectE2eTest drives boto3's generate_presigned_post and posts with requests)
python3 -c 'import boto3, requests' >/dev/null 2>&1 || missing+=(python3-boto3 python3-requests)
# PostgreSQL's server binaries, 15 or newer (store/meta/jdbc/TestPostgres looks in the same places);
# COSD_PG_ROOT stands in for /usr/lib/postgresql in TestDepsScriptTest. Bash builtins only.
pg_found=0
for d in "${COSD_PG_ROOT:-/usr/lib/postgresql}"/*/bin; do
  v="${d%/bin}"; v="${v##*/}"
  case "$v" in ''|*[!0-9]*) continue ;; esac
  [ "$v" -ge 15 ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && pg_found=1
done
[ -n "${COSD_PG_BIN:-}" ] && pg_found=1
[ "$pg_found" = 1 ] || missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    say "no apt-get here; install first (Debian package names): ${missing[*]}"
  elif [ "$(id -u)" != 0 ]; then
    say "not root; install first: sudo apt-get install -y ${missing[*]}"
  elif [ "$DRY" = 1 ]; then
    say "would run: apt-get update && apt-get install -y ${missing[*]}"
  else
    say "installing ${missing[*]} (apt-get)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) \
      || say "could not install ${missing[*]}; the tests that need them will fail"
  fi
fi

# The Node SDK: reinstalled only when the lock file changed, so a normal run costs one cmp.
SRC="$ROOT/src/test/node"
DST="$ROOT/target/node-recipes"
if ! cmp -s "$SRC/package-lock.json" "$DST/package-lock.json" || [ ! -d "$DST/node_modules" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    say "npm missing; after installing it run: scripts/test-deps.sh"
  elif [ "$DRY" = 1 ]; then
    say "would run: npm ci in $DST"
  else
    say "installing the COS Node.js SDK (npm ci in $DST)"
    mkdir -p "$DST"
    cp "$SRC/package.json" "$SRC/package-lock.json" "$DST/"
    (cd "$DST" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
      || { rm -f "$DST/package-lock.json"; say "npm ci failed; ClientRecipesTest's Node recipe will fail"; }
  fi
fi
exit 0
