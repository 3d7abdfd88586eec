#!/usr/bin/env bash
# Checks that the bot runs in production the way the README's "Running it in production" says:
# compiled with `npm run build`, installed with no dev dependencies, started with `node dist/host/main.js`.
#
#   bash scripts/check-production-build.sh
#
# Builds into a temp folder laid out like a deployment (package.json, package-lock.json, bin/,
# dist/, knowledge/), runs `npm ci --omit=dev` there (better-sqlite3 compiles from source when no
# prebuilt binary can be downloaded: about a minute), then:
#   - no dev dependency (typescript, vitest, …) is installed;
#   - `node dist/cli/index.js ask --json` and `node bin/interview-bot.js ask` answer from the shipped
#     notes (found next to dist/, with no KNOWLEDGE_DIR);
#   - `node dist/host/main.js` (the console chat, stdin kept open) answers, and on SIGTERM exits 0 within
#     10 s leaving no SQLite write-ahead log behind.
# Not part of `npm test`: the install alone takes longer than the whole test suite should.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/interview-bot-prod-XXXXXX")"
APP="$WORK/app"
trap 'rm -rf "$WORK"' EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

step "build (tsc -p tsconfig.build.json) into $APP/dist"
mkdir -p "$APP"
start=$(date +%s)
(cd "$ROOT" && npx --no-install tsc -p tsconfig.build.json --outDir "$APP/dist")
cp "$ROOT/package.json" "$ROOT/package-lock.json" "$APP/"
cp -r "$ROOT/bin" "$ROOT/knowledge" "$ROOT/lexicon" "$APP/"
echo "built in $(( $(date +%s) - start )) s"

step "npm ci --omit=dev"
start=$(date +%s)
(cd "$APP" && npm ci --omit=dev --ignore-scripts=false --no-audit --no-fund --prefer-offline)
echo "installed in $(( $(date +%s) - start )) s"
# (@types/node and ws arrive as dependencies of Bolt and discord.js; these three are ours alone.)
for dev in typescript vitest fast-check; do
  [ ! -e "$APP/node_modules/$dev" ] || fail "dev dependency $dev was installed"
done
[ -e "$APP/node_modules/tsx" ] || fail "tsx (a runtime dependency of bin/interview-bot.js) is missing"
(cd "$APP" && node -e "new (require('better-sqlite3'))(':memory:').close()") || fail "better-sqlite3 does not load"
echo "node_modules: $(du -sh "$APP/node_modules" | cut -f1)"

step "compiled CLI: node dist/cli/index.js ask --json GIL"
out="$(cd "$APP" && env -u KNOWLEDGE_DIR node dist/cli/index.js ask --json "GIL")"
echo "$out" | head -c 200; echo
echo "$out" | grep -q '"outcome":"answer"' || fail "ask did not answer"
echo "$out" | grep -q '"id":"python-gil"' || fail "ask did not answer from the shipped notes"

step "bin/interview-bot.js (runs dist/ when it exists)"
(cd "$APP" && env -u KNOWLEDGE_DIR node bin/interview-bot.js ask "什么是GIL" | head -n 1) | tee "$WORK/bin.out"
grep -q 'GIL' "$WORK/bin.out" || fail "bin/interview-bot.js did not answer"

step "node dist/host/main.js, then SIGTERM"
mkdir -p "$WORK/data"
fifo="$WORK/stdin"
mkfifo "$fifo"
exec 3<>"$fifo" # keeps the bot's stdin open, as a service's would be
(cd "$APP" && exec env -u KNOWLEDGE_DIR DATABASE_FILE="$WORK/data/bot.sqlite" SLACK_BOT_TOKEN= DISCORD_TOKEN= LOG_LEVEL=info \
  node dist/host/main.js <"$fifo" >"$WORK/main.out" 2>"$WORK/main.err") &
pid=$!
for _ in $(seq 1 200); do grep -q '> ' "$WORK/main.out" 2>/dev/null && break; sleep 0.1; done
grep -q '> ' "$WORK/main.out" || fail "node dist/host/main.js did not start: $(cat "$WORK/main.err")"
echo "what is the GIL" >&3
for _ in $(seq 1 100); do grep -q 'question answered' "$WORK/main.err" && break; sleep 0.1; done
head -n 3 "$WORK/main.out"
sent=$(date +%s%N)
kill -TERM "$pid"
set +e
wait "$pid"
code=$?
set -e
ms=$(( ($(date +%s%N) - sent) / 1000000 ))
exec 3>&-
echo "exit code $code after SIGTERM, in $ms ms"
[ "$code" -eq 0 ] || fail "exit code $code: $(tail -n 5 "$WORK/main.err")"
[ "$ms" -lt 10000 ] || fail "took $ms ms"
[ ! -s "$WORK/data/bot.sqlite-wal" ] || fail "the SQLite write-ahead log was left behind"
grep -q '"msg":"stopped"' "$WORK/main.err" || fail "no 'stopped' log line"

step "OK: production build, install without dev dependencies, start and graceful stop"
