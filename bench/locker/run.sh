#!/usr/bin/env bash
# The resident's locker under load (issue 6): the list of issued documents and the download of a
# 100 KiB PDF, by 50 concurrent clients over the sessions of signed-in residents, next to static files
# of the same sizes served by the same application. Needs a database loaded by LockerDataGenerator
# (see bench/README.md), wrk, curl and psql. Prints a Markdown table.
#
# Settings (environment): DATABASE=tijori_bench DATA_DIR=/var/tmp/tijori-bench RESIDENTS=100
# CONNECTIONS=50 THREADS=2 WARMUP=30 (seconds of each scenario at 4 connections before measuring)
# DURATION=30 PORT=18080 BUILD=0 (1: package the jar first) THINK_MS=0 (each client waits this long between
# its requests: 0 measures at saturation, more measures latency at the load that many people cause)
# JAVA_OPTS= (more options for the application's JVM, a profiler's agent say)
# SCENARIOS="list-api list-page pdf-api static-list-api static-list-page static-pdf static-pdf-session"
set -euo pipefail

cd "$(dirname "$0")/../.."
source bench/lib.sh
DATABASE=${DATABASE:-tijori_bench}
DATA_DIR=${DATA_DIR:-/var/tmp/tijori-bench}
RESIDENTS=${RESIDENTS:-100}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-30}
DURATION=${DURATION:-30}
PORT=${PORT:-18080}
THINK_MS=${THINK_MS:-0}
SCENARIOS=${SCENARIOS:-list-api list-page pdf-api static-list-api static-list-page static-pdf static-pdf-session}
PASSWORD="a long and unusual phrase"
ISSUER=in.gov.benchboard
BASE=http://127.0.0.1:$PORT
PSQL=(psql -h 127.0.0.1 -U postgres -d "$DATABASE" -At -v ON_ERROR_STOP=1)

WORK=$(mktemp -d /tmp/tijori-locker-bench.XXXXXX)
mkdir -p "$WORK/static" "$WORK/lua"
APP_PID=
trap cleanup EXIT

ports_free "$PORT"
require_loaded
as_in_production
packaged_jar
run_header
java -Xmx1g ${JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" --spring.main.banner-mode=off --logging.level.root=WARN \
    --tijori.data-dir="$DATA_DIR" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DATABASE" --spring.datasource.username=postgres \
    --spring.web.resources.add-mappings=true --spring.mvc.static-path-pattern='/images/bench/**' \
    --spring.web.resources.static-locations="file:$WORK/static/" \
    > "$WORK/app.log" 2>&1 &
APP_PID=$!
wait_for_app

# Sign the residents in through the password form; keep each one's session cookie.
"${PSQL[@]}" -c "select a.username, d.uri from account_resident a join issuer_document d on d.account_id = a.id
    where d.issuer_id = '$ISSUER' and d.status = 'ACTIVE' and d.doc_id like '%00'
    order by a.username limit $RESIDENTS" > "$WORK/residents"
if [[ $(wc -l < "$WORK/residents") -lt $RESIDENTS ]]; then
    echo "fewer than $RESIDENTS residents with a pushed PDF in $DATABASE" >&2; exit 1
fi
started=$(date +%s.%N)
{
    echo "sessions = {"
    while IFS='|' read -r username uri; do
        echo "  {\"SESSION=$(sign_in "$username")\", \"$uri\"},"
    done < "$WORK/residents"
    echo "}"
} > "$WORK/lua/sessions.lua"
echo "signed in $RESIDENTS residents in $(echo "$(date +%s.%N) - $started" | bc) s"

first_cookie=$(sed -n 2p "$WORK/lua/sessions.lua" | cut -d'"' -f2)
first_uri=$(sed -n 2p "$WORK/lua/sessions.lua" | cut -d'"' -f4)
# Static files of the same sizes: the first resident's own list (JSON and page) and PDF, byte for byte.
curl -sf -H "Cookie: $first_cookie" "$BASE/api/v1/locker/issued" -o "$WORK/static/list.json"
curl -sf -H "Cookie: $first_cookie" "$BASE/locker/issued" -o "$WORK/static/list.html"
curl -sf -H "Cookie: $first_cookie" "$BASE/api/v1/locker/issued/$first_uri/pdf" -o "$WORK/static/document.pdf"
head -c 5 "$WORK/static/document.pdf" | grep -q '%PDF-' || { echo "the download is not a PDF" >&2; exit 1; }
sizes="list JSON $(stat -c %s "$WORK/static/list.json") B, list page $(stat -c %s "$WORK/static/list.html") B, PDF $(stat -c %s "$WORK/static/document.pdf") B"
echo "response sizes: $sizes"

cat > "$WORK/lua/locker.lua" <<LUA
package.path = "$WORK/lua/?.lua;" .. package.path
require "sessions"
local counter = 0
local index = 1
function setup(thread)
  counter = counter + 1
  thread:set("start", counter)
end
function init(args)
  mode = args[1]
  index = (start or 1) * 7919 % #sessions + 1
end
function delay()
  return $THINK_MS
end
function request()
  index = index % #sessions + 1
  local s = sessions[index]
  if mode == "list-api" then
    return wrk.format("GET", "/api/v1/locker/issued", { Cookie = s[1], Accept = "application/json" })
  elseif mode == "list-page" then
    return wrk.format("GET", "/locker/issued", { Cookie = s[1] })
  elseif mode == "pdf-api" then
    return wrk.format("GET", "/api/v1/locker/issued/" .. s[2] .. "/pdf", { Cookie = s[1] })
  elseif mode == "static-list-api" then
    return wrk.format("GET", "/images/bench/list.json")
  elseif mode == "static-list-page" then
    return wrk.format("GET", "/images/bench/list.html")
  elseif mode == "static-pdf" then
    return wrk.format("GET", "/images/bench/document.pdf")
  else
    return wrk.format("GET", "/images/bench/document.pdf", { Cookie = s[1] })
  end
end
LUA
sed '/^function delay/,/^end/d' "$WORK/lua/locker.lua" > "$WORK/lua/warmup.lua"

HZ=$(getconf CLK_TCK)

# Warm-up: every scenario at low concurrency first (and without think time), so that the JIT compiler's threads get a core (under 50
# connections on 2 cores they starve, and AES-GCM runs in plain Java for minutes instead of on its intrinsics),
# then until the optimising compiler's queue is short.
for scenario in $SCENARIOS; do
    wrk -t"$THREADS" -c4 -d"${WARMUP}s" -s "$WORK/lua/warmup.lua" "$BASE" -- "$scenario" > /dev/null
done
wait_for_compiler

results="$WORK/results.md"
echo "| scenario | requests/s | p50 | p99 | errors | CPU per request, app / PostgreSQL | cores busy, app / PostgreSQL / wrk |" > "$results"
echo "|---|---|---|---|---|---|---|" >> "$results"
for scenario in $SCENARIOS; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s "$WORK/lua/locker.lua" "$BASE" -- "$scenario" > /dev/null
    BACKENDS=$("${PSQL[@]}" -c "select pid from pg_stat_activity where datname = current_database()
        and pid <> pg_backend_pid() and backend_type = 'client backend'")
    read -r app0 pg0 < <(ticks)
    t0=$(date +%s.%N)
    /usr/bin/time -f '%U %S' -o "$WORK/wrk-time" \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/lua/locker.lua" "$BASE" -- "$scenario" \
        > "$WORK/$scenario.txt"
    t1=$(date +%s.%N)
    read -r app1 pg1 < <(ticks)
    cpu=$(cpu_shares "$app0" "$pg0" "$app1" "$pg1" "$t0" "$t1" "$WORK/$scenario.txt")
    echo "--- $scenario"; cat "$WORK/$scenario.txt"
    read -r rps p50 p99 < <(wrk_figures "$WORK/$scenario.txt")
    errors=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$WORK/$scenario.txt")
    echo "| $scenario | $rps | $p50 | $p99 | $errors | $cpu |" >> "$results"
done

# Every session must still be signed in: a page answered by a redirect to the sign-in would not count as an error.
while IFS= read -r line; do
    cookie=$(echo "$line" | cut -d'"' -f2)
    [[ $cookie == SESSION=* ]] || continue
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$BASE/locker/issued")
    if [[ $status != 200 ]]; then echo "a session was lost during the run ($status)" >&2; exit 1; fi
done < "$WORK/lua/sessions.lua"

echo
echo "cores $(nproc), $CONNECTIONS connections (think time ${THINK_MS} ms), $THREADS wrk threads, ${DURATION} s per scenario after a warm-up (${WARMUP} s of each at 4 connections, then 10 s at $CONNECTIONS), $RESIDENTS residents"
echo "$sizes"
echo "$("${PSQL[@]}" -c "select format('database %s: %s residents, %s issued-document rows', current_database(),
    (select count(*) from account_resident), (select count(*) from issuer_document))")"
echo
cat "$results"
echo
echo "uptime after: $(uptime)"
echo "raw wrk output and the application's log: $WORK"
