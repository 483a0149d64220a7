#!/usr/bin/env bash
# Public verification under load (issue 15): GET /api/v1/verify/{uri}?p=... and its page by 50 concurrent
# clients from one address, cycling genuine links of the 5-million-document locker database, next to forged
# proofs, the JWKS, and anchors measured in the same run on the same machine: nginx serving a 5 KiB file
# (before and after), pgbench's primary-key SELECT, and the ES256 crypto floor (Java, one thread, beside
# openssl speed ecdsap256). Needs a database loaded by LockerDataGenerator (bench/README.md), wrk, curl, jq
# and psql. Prints Markdown tables; everything also goes to one log.
#
# One command:   bench/verify/run.sh            (the anchors from ../shared/anchors, from the project root)
#
# Settings (environment): DATABASE=tijori_bench DATA_DIR=/var/tmp/tijori-bench RESIDENTS=100 (real residents
# signed in to collect links) LINKS=3500 (distinct genuine links cycled) CONNECTIONS=50 THREADS=2 WARMUP=30
# (seconds of each scenario at 4 connections before measuring) DURATION=30 PORT=18082 BUILD=0 (1: package the
# jar first) ANCHORS=1 (0: skip the anchors) ANCHORS_DIR=../shared/anchors FLOOR=1 (0: skip the crypto floor)
# JAVA_OPTS= (more options for the application's JVM, which runs with a fixed heap, -Xms1g -Xmx1g, as README's
# "Production" says) APP_ARGS= (more --settings for the application, such as --tijori.verify.verified-proofs=0 to
# measure every scan as a first one) PROFILER= (the path of async-profiler's
# libasyncProfiler.so: each measured scenario, and only it, is profiled into <scenario>.collapsed beside wrk's
# output, each stack under its thread's name) PROFILE_EVENT=cpu (wall: waiting threads are sampled too)
# SCENARIOS="verify-api verify-page verify-refused jwks" LOG=target/verify-bench-<UTC time>.log
set -euo pipefail

cd "$(dirname "$0")/../.."
source bench/lib.sh
DATABASE=${DATABASE:-tijori_bench}
DATA_DIR=${DATA_DIR:-/var/tmp/tijori-bench}
RESIDENTS=${RESIDENTS:-100}
LINKS=${LINKS:-3500}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-30}
DURATION=${DURATION:-30}
PORT=${PORT:-18082}
ANCHORS=${ANCHORS:-1}
ANCHORS_DIR=${ANCHORS_DIR:-../shared/anchors}
FLOOR=${FLOOR:-1}
PROFILER=${PROFILER:-}
PROFILE_EVENT=${PROFILE_EVENT:-cpu}
SCENARIOS=${SCENARIOS:-verify-api verify-page verify-refused jwks}
PASSWORD="a long and unusual phrase"
ISSUER=in.gov.benchboard
BASE=http://127.0.0.1:$PORT
PSQL=(psql -h 127.0.0.1 -U postgres -d "$DATABASE" -At -v ON_ERROR_STOP=1)
mkdir -p target
LOG=${LOG:-target/verify-bench-$(date -u +%Y%m%dT%H%M%SZ).log}
exec > >(tee -a "$LOG") 2>&1

WORK=$(mktemp -d /tmp/tijori-verify-bench.XXXXXX)
mkdir -p "$WORK/lua"
APP_PID=
trap cleanup EXIT

if [[ $ANCHORS == 1 ]]; then
    find_anchor nginx.sh ANCHORS=0
fi
ports_free "$PORT"
require_loaded
as_in_production
packaged_jar
run_header

# Anchors: `name: value` lines, kept for the summary.
anchor() {  # anchor SCRIPT PREFIX
    echo "== anchor $1 (uptime: $(uptime))"
    "$ANCHORS_DIR/$1.sh" | sed -u "s/^/$2./" | tee -a "$WORK/anchors"
}
if [[ $ANCHORS == 1 ]]; then
    anchor nginx nginx-before
    anchor pgbench pgbench
fi
# The crypto floor: ES256 verifications a second on one thread, in Java and in OpenSSL.
if [[ $FLOOR == 1 ]]; then
    echo "== crypto floor (uptime: $(uptime))"
    ./mvnw -B -q -Pbench exec:exec -Dbench.main=org.tijori.verify.ProofVerificationBenchmark | tee "$WORK/floor.md"
    openssl speed -seconds 5 ecdsap256 2>/dev/null | tail -3 | tee "$WORK/openssl"
fi

echo "== application (uptime: $(uptime))"
# The node-local bucket and the refusal budget are raised for the single client address: the benchmark measures
# the work of a verification, not the limit (ADR 22, open question 8).
java -Xms1g -Xmx1g ${JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" --spring.main.banner-mode=off --logging.level.root=WARN \
    --tijori.data-dir="$DATA_DIR" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DATABASE" --spring.datasource.username=postgres \
    --tijori.verify.requests-per-address=1000000000 --tijori.verify.refusals-per-address=1000000000 \
    ${APP_ARGS:-} > "$WORK/app.log" 2>&1 &
APP_PID=$!
wait_for_app

# Genuine links as residents get them: sign in through the password form, list the locker's issued documents,
# and read each document's verifyUrl (a proof signed now for its live version).
"${PSQL[@]}" -c "select distinct a.username from account_resident a join issuer_document d on d.account_id = a.id
    where d.issuer_id = '$ISSUER' order by a.username limit $RESIDENTS" > "$WORK/residents"
if [[ $(wc -l < "$WORK/residents") -lt $RESIDENTS ]]; then
    echo "fewer than $RESIDENTS real residents in $DATABASE" >&2; exit 1
fi
started=$(date +%s.%N)
: > "$WORK/links"
while read -r username; do
    cookie="SESSION=$(sign_in "$username")"
    page=0
    while :; do
        curl -sf -H "Cookie: $cookie" "$BASE/api/v1/locker/issued?page=$page" > "$WORK/list.json"
        jq -r '.documents[].uri' "$WORK/list.json" > "$WORK/uris"
        if [[ ! -s $WORK/uris ]]; then break; fi
        # One curl for the page's documents, over one connection; each answer is one JSON object.
        sed "s|^|url = \"$BASE/api/v1/locker/issued/|; s|$|\"|" "$WORK/uris" > "$WORK/curl.conf"
        curl -sf -H "Cookie: $cookie" -K "$WORK/curl.conf" | jq -r '.verifyUrl' >> "$WORK/links"
        page=$((page + 1))
    done
    if [[ $(wc -l < "$WORK/links") -ge $LINKS ]]; then break; fi
done < "$WORK/residents"
sed -i "s|^https\?://[^/]*||" "$WORK/links"
head -n "$LINKS" "$WORK/links" | sort -u > "$WORK/genuine"
collected=$(wc -l < "$WORK/genuine")
echo "collected $collected distinct genuine links in $(echo "$(date +%s.%N) - $started" | bc) s"
if [[ $collected -lt $LINKS ]]; then echo "fewer than $LINKS links: sign in more residents (RESIDENTS)" >&2; exit 1; fi
# Forged: one character of the signature's middle changed to another base64url character (the encoding stays
# canonical), so every forgery is parsed in full and fails only at the ES256 verification.
awk '{ i = length($0) - 40; c = substr($0, i, 1); printf "%s%s%s\n", substr($0, 1, i - 1), (c == "A" ? "B" : "A"), substr($0, i + 1) }' \
    "$WORK/genuine" > "$WORK/forged"
statuses() {  # statuses FILE PREFIX: the HTTP statuses of the first 20 links
    head -20 "$1" | sed "s|^|$BASE$2|" | xargs -n1 curl -s -o /dev/null -w '%{http_code}\n' | sort | uniq -c | tr '\n' ' '
}
echo "first 20 genuine links through the API: $(statuses "$WORK/genuine" /api/v1)"
echo "first 20 genuine links as pages: $(statuses "$WORK/genuine" "")"
echo "first 20 forged links through the API: $(statuses "$WORK/forged" /api/v1)"
echo "statuses of the genuine links' documents: $(head -200 "$WORK/genuine" | sed "s|^|$BASE/api/v1|" \
    | xargs -n1 curl -sf | jq -r .status | sort | uniq -c | tr '\n' ' ')(first 200)"
example=$(head -1 "$WORK/genuine")
echo "an answer (${#example}-character link): $(curl -s "$BASE/api/v1$example")"
sizes="answer sizes: verify-api $(curl -s "$BASE/api/v1$example" | wc -c) B, verify-page $(curl -s "$BASE$example" | wc -c) B,"\
" verify-refused $(curl -s "$BASE/api/v1$(head -1 "$WORK/forged")" | wc -c) B, jwks $(curl -s "$BASE/.well-known/jwks.json" | wc -c) B"
echo "$sizes"

lua_table() {  # lua_table NAME FILE
    echo "$1 = {"; sed 's/^/  "/; s/$/",/' "$2"; echo "}"
}
{ lua_table genuine "$WORK/genuine"; lua_table forged "$WORK/forged"; } > "$WORK/lua/links.lua"
cat > "$WORK/lua/verify.lua" <<LUA
package.path = "$WORK/lua/?.lua;" .. package.path
require "links"
local counter = 0
local threads = {}
local index = 1
function setup(thread)
  counter = counter + 1
  thread:set("start", counter)
  table.insert(threads, thread)
end
function init(args)
  mode = args[1]
  index = (start or 1) * 7919 % #genuine + 1
  unexpected = 0
end
function request()
  index = index % #genuine + 1
  if mode == "verify-api" then
    return wrk.format("GET", "/api/v1" .. genuine[index], { Accept = "application/json" })
  elseif mode == "verify-page" then
    return wrk.format("GET", genuine[index])
  elseif mode == "verify-refused" then
    return wrk.format("GET", "/api/v1" .. forged[index], { Accept = "application/json" })
  else
    return wrk.format("GET", "/.well-known/jwks.json")
  end
end
LUA
# For forged proofs, wrk's "Non-2xx" counts every answer: count the ones that are not the expected 404 instead.
cat "$WORK/lua/verify.lua" > "$WORK/lua/refused.lua"
cat >> "$WORK/lua/refused.lua" <<'LUA'
function response(status, headers, body)
  if status ~= 404 then unexpected = unexpected + 1 end
end
function done(summary, latency, requests)
  local n = 0
  for _, thread in ipairs(threads) do n = n + thread:get("unexpected") end
  io.write(string.format("Answers other than 404: %d\n", n))
end
LUA
script() { if [[ $1 == verify-refused ]]; then echo "$WORK/lua/refused.lua"; else echo "$WORK/lua/verify.lua"; fi; }

HZ=$(getconf CLK_TCK)

# Warm-up at low concurrency, so that the JIT compiler's threads get a core, then until its queue is short.
for scenario in $SCENARIOS; do
    wrk -t"$THREADS" -c4 -d"${WARMUP}s" -s "$(script "$scenario")" "$BASE" -- "$scenario" > /dev/null
done
wait_for_compiler

results="$WORK/results.md"
echo "| scenario | requests/s | p50 | p99 | errors | CPU per request, app / PostgreSQL | cores busy, app / PostgreSQL / wrk |" > "$results"
echo "|---|---|---|---|---|---|---|" >> "$results"
for scenario in $SCENARIOS; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s "$(script "$scenario")" "$BASE" -- "$scenario" > /dev/null
    BACKENDS=$("${PSQL[@]}" -c "select pid from pg_stat_activity where datname = current_database()
        and pid <> pg_backend_pid() and backend_type = 'client backend'")
    read -r app0 pg0 < <(ticks)
    if [[ -n $PROFILER ]]; then
        # Quoted, so that jcmd does not take the options' '=' for its own.
        jcmd "$APP_PID" JVMTI.agent_load "$PROFILER" "\"start,event=$PROFILE_EVENT,interval=1ms,threads\"" > /dev/null
    fi
    t0=$(date +%s.%N)
    /usr/bin/time -f '%U %S' -o "$WORK/wrk-time" \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$(script "$scenario")" "$BASE" -- "$scenario" \
        > "$WORK/$scenario.txt"
    t1=$(date +%s.%N)
    read -r app1 pg1 < <(ticks)
    if [[ -n $PROFILER ]]; then
        jcmd "$APP_PID" JVMTI.agent_load "$PROFILER" "\"stop,file=$WORK/$scenario.collapsed,collapsed\"" > /dev/null
    fi
    cpu=$(cpu_shares "$app0" "$pg0" "$app1" "$pg1" "$t0" "$t1" "$WORK/$scenario.txt")
    echo "--- $scenario"; cat "$WORK/$scenario.txt"
    read -r rps p50 p99 < <(wrk_figures "$WORK/$scenario.txt")
    if [[ $scenario == verify-refused ]]; then
        errors=$(awk '/Answers other than 404/ { n += $NF } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$WORK/$scenario.txt")
    else
        errors=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$WORK/$scenario.txt")
    fi
    echo "$scenario $rps $p50 $p99" >> "$WORK/figures"
    echo "| $scenario | $rps | $p50 | $p99 | $errors | $cpu |" >> "$results"
done
# Stop the application before the last anchor, so that it measures nginx alone again.
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
if [[ $ANCHORS == 1 ]]; then
    anchor nginx nginx-after
fi

echo
echo "== summary: $(nproc) cores, $CONNECTIONS connections, $THREADS wrk threads, ${DURATION} s per scenario after a"\
" warm-up (${WARMUP} s of each at 4 connections, then 10 s at $CONNECTIONS), $collected distinct links of $RESIDENTS residents"
echo "$sizes"
echo "$("${PSQL[@]}" -c "select format('database %s: %s residents, %s issued-document rows', current_database(),
    (select count(*) from account_resident), (select count(*) from issuer_document))")"
echo
cat "$results"
echo
if [[ $FLOOR == 1 ]]; then
    sed -n '/^| ES256/,$p' "$WORK/floor.md"
    echo "| OpenSSL $(openssl version | awk '{ print $2 }') ecdsap256 verify (openssl speed -seconds 5, one process)"\
" | $(awk '/256 bits ecdsa/ { printf "%.0f", $NF }' "$WORK/openssl") | $(awk '/256 bits ecdsa/ { printf "%.1f", 1e6 / $NF }' "$WORK/openssl") |"
fi
if [[ $ANCHORS == 1 ]]; then
    echo
    echo "| anchor, same run | per second | p50 | p99 |"
    echo "|---|---|---|---|"
    for when in before after; do
        awk -F': ' -v w="$when" '$1 == "nginx-" w ".file_5k_per_s" { r = $2 } $1 == "nginx-" w ".file_5k_p50_ms" { a = $2 }
            $1 == "nginx-" w ".file_5k_p99_ms" { b = $2 }
            END { printf "| nginx 5 KiB file, %s | %s | %s ms | %s ms |\n", w, r, a, b }' "$WORK/anchors"
    done
    awk -F': ' '$1 == "pgbench.select_tps" { t = $2 } $1 == "pgbench.select_latency_avg_ms" { l = $2 }
        END { printf "| pgbench primary-key SELECT (16 clients) | %s | avg %s ms | |\n", t, l }' "$WORK/anchors"
    nginx=$(awk -F': ' '$1 ~ /file_5k_per_s$/ { s += $2; n++ } END { if (n) printf "%.0f", s / n }' "$WORK/anchors")
    echo
    while read -r scenario rps _ _; do
        echo "$scenario / nginx 5 KiB (mean of before and after, $nginx/s): $(echo "scale=3; $rps / $nginx" | bc)"
    done < "$WORK/figures"
fi
echo
echo "uptime after: $(uptime)"
echo "raw wrk output, links and the application's log: $WORK; this log: $LOG"
