#!/usr/bin/env bash
# The partner gateway under load (ADR 23, "Benchmarks"): the token endpoint's refresh_token grant (with and without
# openid) and authorization code exchange, against Keycloak's refresh and client_credentials rates measured in the
# same run on the same machine; GET /public/oauth2/2/files/issued over 1,000 residents' tokens and
# GET /public/oauth2/1/file/{uri} of their 100 KiB PDFs. Needs a database loaded by LockerDataGenerator
# (bench/README.md), wrk, curl, jq and psql. GatewayDataGenerator (bench/src) registers and approves a requester
# through the API and stores consents, tokens and codes through the gateway's own stores. Prints Markdown tables;
# everything also goes to one log.
#
# One command:   bench/gateway/run.sh            (Keycloak from ../shared/anchors, from the project root)
#
# Settings (environment): DATABASE=tijori_bench DATA_DIR=/var/tmp/tijori-bench (the loader's data-dir: the vault's
# keys) KEYCLOAK=1 (0: no Keycloak anchor) PGBENCH=1 (0: no pgbench anchor) ANCHORS_DIR=../shared/anchors (the main checkout's, from a worktree)
# KC_DURATION=20 (s per Keycloak measurement) CONSENTS=1000 REAL=200 (residents holding PDFs among them) POOL=64
# (refresh tokens per wrk thread) CODES=150000 CONNECTIONS=50 TOKEN_CONNECTIONS=16 THREADS=2 WARMUP=30 (s of each
# scenario at 4 connections before measuring) DURATION=30 PORT=18084 BUILD=0 (1: package the jar first)
# JAVA_OPTS= APP_ARGS= SCENARIOS="refresh refresh-oidc code issued file" LOG=target/gateway-bench-<UTC time>.log
set -euo pipefail

cd "$(dirname "$0")/../.."
source bench/lib.sh
DATABASE=${DATABASE:-tijori_bench}
DATA_DIR=${DATA_DIR:-/var/tmp/tijori-bench}
KEYCLOAK=${KEYCLOAK:-1}
PGBENCH=${PGBENCH:-1}
ANCHORS_DIR=${ANCHORS_DIR:-../shared/anchors}
KC_DURATION=${KC_DURATION:-20}
CONSENTS=${CONSENTS:-1000}
REAL=${REAL:-200}
POOL=${POOL:-64}
CODES=${CODES:-150000}
CONNECTIONS=${CONNECTIONS:-50}
TOKEN_CONNECTIONS=${TOKEN_CONNECTIONS:-16}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-30}
DURATION=${DURATION:-30}
PORT=${PORT:-18084}
SCENARIOS=${SCENARIOS:-refresh refresh-oidc code issued file}
BASE=http://127.0.0.1:$PORT
PSQL=(psql -h 127.0.0.1 -U postgres -d "$DATABASE" -At -v ON_ERROR_STOP=1)
mkdir -p target
LOG=${LOG:-target/gateway-bench-$(date -u +%Y%m%dT%H%M%SZ).log}
exec > >(tee -a "$LOG") 2>&1

WORK=$(mktemp -d /tmp/tijori-gateway-bench.XXXXXX)
mkdir -p "$WORK/lua" "$WORK/data"
APP_PID=
trap cleanup EXIT

if [[ $PGBENCH == 1 ]]; then
    find_anchor pgbench.sh PGBENCH=0
fi
if [[ $KEYCLOAK == 1 ]]; then
    find_anchor keycloak.sh KEYCLOAK=0
fi
ports_free "$PORT"
require_loaded
packaged_jar
run_header

# The anchor first, alone on the machine: Keycloak's token endpoint, `name: value` lines.
if [[ $KEYCLOAK == 1 ]]; then
    echo "== anchor keycloak (uptime: $(uptime))"
    DURATION=$KC_DURATION "$ANCHORS_DIR/keycloak.sh" | tee "$WORK/keycloak"
fi
# This machine's PostgreSQL alone, for the targets that are absolute rates (the list, the file): the same code's
# rates moved from 2,065 to 644 a second between days here, and a same-run anchor says how fast the day was.
if [[ $PGBENCH == 1 ]]; then
    echo "== anchor pgbench (uptime: $(uptime))"
    DURATION=20 "$ANCHORS_DIR/pgbench.sh" | tee "$WORK/pgbench"
fi

generate() {  # generate ARGS...: GatewayDataGenerator on the database
    ./mvnw -B -q -Pbench exec:exec -Dbench.main=org.tijori.gateway.GatewayDataGenerator \
        -Dbench.args="out=$WORK/data database=$DATABASE data-dir=$DATA_DIR $*" 2>&1 | grep -v ' WARN ' || true
}
echo "== consents and tokens (uptime: $(uptime))"
generate mode=setup consents="$CONSENTS" real="$REAL" refreshers=$((THREADS * POOL + 1))
# Vacuumed and analyzed after the setup, as a running system has it: tables analyzed while empty and filled by the
# setup gave the planner row counts of zero.
as_in_production
prewarm issuer_document issuer_doc_type issuer_issuer storage_blob
for file in requester issued files refresh refresh-oidc code-consents; do
    [[ -s $WORK/data/$file.txt ]] || { echo "the generator wrote no $file.txt" >&2; exit 1; }
done
read -r CLIENT_ID CLIENT_SECRET REDIRECT_URI < "$WORK/data/requester.txt"
BASIC=$(printf '%s:%s' "$CLIENT_ID" "$CLIENT_SECRET" | base64 -w0)

echo "== application (uptime: $(uptime))"
# The limits per client and per address are raised: wrk is one client at one address, and the benchmark measures
# the work of a request, not the limit. Codes live 10 minutes, the longest allowed.
java -Xms1g -Xmx1g ${JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" --spring.main.banner-mode=off --logging.level.root=WARN \
    --tijori.data-dir="$DATA_DIR" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DATABASE" --spring.datasource.username=postgres \
    --tijori.gateway.requests-per-address=1000000000 --tijori.gateway.requests-per-client=1000000000 \
    --tijori.gateway.failures-per-address=1000000000 --tijori.gateway.code-lifetime=10m \
    ${APP_ARGS:-} > "$WORK/app.log" 2>&1 &
APP_PID=$!
wait_for_app

# One of each by curl: the answers' shapes and sizes. The last refresh token of each pool is kept for this.
token() {  # token FORM...: POST to the token endpoint with HTTP Basic
    curl -s -H "Authorization: Basic $BASIC" "$BASE/public/oauth2/1/token" "$@"
}
spare=$(tail -1 "$WORK/data/refresh.txt")
refreshed=$(token -d grant_type=refresh_token -d "refresh_token=$spare")
echo "a refresh answers: $(echo "$refreshed" | jq -c '.access_token = "…" | .refresh_token = "…"')"
echo "$refreshed" | jq -e .refresh_token > /dev/null || { echo "the refresh failed" >&2; exit 1; }
spare=$(tail -1 "$WORK/data/refresh-oidc.txt")
echo "a refresh with openid answers: $(token -d grant_type=refresh_token -d "refresh_token=$spare" | jq -c 'keys')"
first=$(head -1 "$WORK/data/issued.txt")
curl -sf -H "Authorization: Bearer $first" "$BASE/public/oauth2/2/files/issued" -o "$WORK/issued.json"
read -r file_token file_uri < <(head -1 "$WORK/data/files.txt")
curl -sf -H "Authorization: Bearer $file_token" "$BASE/public/oauth2/1/file/$file_uri" -o "$WORK/document.pdf"
head -c 5 "$WORK/document.pdf" | grep -q '%PDF-' || { echo "the file is not a PDF" >&2; exit 1; }
sizes="answer sizes: issued $(stat -c %s "$WORK/issued.json") B ($(jq '.items | length' "$WORK/issued.json") documents), file $(stat -c %s "$WORK/document.pdf") B"
echo "$sizes"

lua_table() {  # lua_table NAME FILE [COLUMN]
    echo "$1 = {"; awk -v c="${3:-1}" '{ printf "  \"%s\",\n", $c }' "$2"; echo "}"
}
{
    lua_table refresh "$WORK/data/refresh.txt"
    lua_table refresh_oidc "$WORK/data/refresh-oidc.txt"
    lua_table issued "$WORK/data/issued.txt"
    lua_table file_tokens "$WORK/data/files.txt" 1
    lua_table file_uris "$WORK/data/files.txt" 2
} > "$WORK/lua/tokens.lua"
redirect=$(jq -rn --arg v "$REDIRECT_URI" '$v | @uri')
cat > "$WORK/lua/gateway.lua" <<LUA
package.path = "$WORK/lua/?.lua;" .. package.path
require "tokens"
local counter = 0
local threads = {}
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
function init(args)
  mode = args[1]
  offset = tonumber(args[2] or "0")
  index = (id or 1) * 7919
  taken = 0
  lost = 0
  pool = {}
  if mode == "refresh" or mode == "refresh-oidc" then
    -- Each thread its own $POOL refresh tokens, as the previous run of this scenario left them (each token is
    -- spent once: a spent one presented again would end its consent); the last one of the list is left for
    -- the check by curl.
    pcall(dofile, "$WORK/pool-" .. mode .. ".lua")
    if saved and saved[id] then
      pool = saved[id]
    else
      local all = mode == "refresh" and refresh or refresh_oidc
      for i = (id - 1) * $POOL + 1, id * $POOL do table.insert(pool, all[i]) end
    end
  elseif mode == "code" then
    require "codes"
  end
end
local basic = "Basic $BASIC"
local form = { ["Authorization"] = basic, ["Content-Type"] = "application/x-www-form-urlencoded" }
function request()
  if mode == "refresh" or mode == "refresh-oidc" then
    -- One token taken from the pool per request; the answer's new one is put back (rotation).
    local token = table.remove(pool, 1) or "pool-empty"
    return wrk.format("POST", "/public/oauth2/1/token", form, "grant_type=refresh_token&refresh_token=" .. token)
  elseif mode == "code" then
    -- Thread k of n takes codes offset + k, offset + k + n, ...: each code once across the runs.
    local code = codes[offset + id + taken * $THREADS] or "codes-ran-out"
    taken = taken + 1
    return wrk.format("POST", "/public/oauth2/1/token", form, "grant_type=authorization_code&code=" .. code
      .. "&redirect_uri=$redirect&code_verifier=" .. verifier)
  elseif mode == "issued" then
    index = index % #issued + 1
    return wrk.format("GET", "/public/oauth2/2/files/issued", { ["Authorization"] = "Bearer " .. issued[index] })
  else
    index = index % #file_tokens + 1
    return wrk.format("GET", "/public/oauth2/1/file/" .. file_uris[index],
      { ["Authorization"] = "Bearer " .. file_tokens[index] })
  end
end
function response(status, headers, body)
  if mode == "refresh" or mode == "refresh-oidc" then
    local token = status == 200 and body:match('"refresh_token"%s*:%s*"([^"]+)"')
    if token then table.insert(pool, token) else lost = lost + 1 end
  end
end
function done(summary, latency, requests)
  -- done runs in wrk's main state, where init never ran: the threads tell the mode.
  local mode = threads[1]:get("mode")
  if mode == "code" then
    local most = 0
    for _, thread in ipairs(threads) do most = math.max(most, thread:get("taken")) end
    local f = io.open("$WORK/codes-next", "w"); f:write(threads[1]:get("offset") + most * $THREADS); f:close()
  elseif mode == "refresh" or mode == "refresh-oidc" then
    -- The pools for the next run; the tokens of requests still in flight at the end are lost with their answers.
    local n, left = 0, 0
    local f = io.open("$WORK/pool-" .. mode .. ".lua", "w")
    f:write("saved = {\n")
    for _, thread in ipairs(threads) do
      n = n + thread:get("lost")
      f:write("  {")
      for _, token in ipairs(thread:get("pool")) do f:write('"', token, '",'); left = left + 1 end
      f:write("},\n")
    end
    f:write("}\n")
    f:close()
    io.write(string.format("Refresh answers without a token: %d; tokens left in the pools: %d\n", n, left))
  end
end
LUA

codes_lua() {  # the codes just stored, as a Lua table
    { lua_table codes "$WORK/data/codes.txt"; echo "verifier = \"$(cat "$WORK/data/verifier.txt")\""; } > "$WORK/lua/codes.lua"
    echo 0 > "$WORK/codes-next"
}
run_wrk() {  # run_wrk CONNECTIONS SECONDS SCENARIO [wrk options...]: wrk, under /usr/bin/time if TIMED is set
    local c=$1 d=$2 scenario=$3; shift 3
    local command=(wrk -t"$THREADS" -c"$c" -d"${d}s" "$@" -s "$WORK/lua/gateway.lua" "$BASE" -- "$scenario"
        "$(cat "$WORK/codes-next" 2>/dev/null || echo 0)")
    if [[ -n ${TIMED:-} ]]; then command=(/usr/bin/time -f '%U %S' -o "$WORK/wrk-time" "${command[@]}"); fi
    "${command[@]}"
}
connections() { if [[ $1 == refresh* || $1 == code ]]; then echo "$TOKEN_CONNECTIONS"; else echo "$CONNECTIONS"; fi; }

HZ=$(getconf CLK_TCK)
results="$WORK/results.md"
echo "| scenario | connections | requests/s | p50 | p99 | errors | CPU per request, app / PostgreSQL | cores busy, app / PostgreSQL / wrk |" > "$results"
echo "|---|---|---|---|---|---|---|---|" >> "$results"
for scenario in $SCENARIOS; do
    c=$(connections "$scenario")
    if [[ $scenario == code ]]; then
        # Codes just before their scenario (they live 10 minutes), each used once across warm-up and measure.
        echo "== codes (uptime: $(uptime))"
        generate mode=codes codes="$CODES" code-lifetime=10m
        codes_lua
    fi
    # Warm-up at low concurrency, so that the JIT compiler's threads get a core, then until its queue is short.
    echo "== $scenario: warm-up (uptime: $(uptime))"
    run_wrk 4 "$WARMUP" "$scenario" > "$WORK/$scenario-warmup.txt"
    wait_for_compiler
    run_wrk "$c" 10 "$scenario" > "$WORK/$scenario-ramp.txt"
    BACKENDS=$("${PSQL[@]}" -c "select pid from pg_stat_activity where datname = current_database()
        and pid <> pg_backend_pid() and backend_type = 'client backend'")
    read -r app0 pg0 < <(ticks)
    t0=$(date +%s.%N)
    TIMED=1 run_wrk "$c" "$DURATION" "$scenario" --latency > "$WORK/$scenario.txt"
    t1=$(date +%s.%N)
    read -r app1 pg1 < <(ticks)
    if [[ $scenario == code && $(cat "$WORK/codes-next") -gt $(wc -l < "$WORK/data/codes.txt") ]]; then
        echo "the code scenario ran out of codes: raise CODES" >&2
    fi
    cpu=$(cpu_shares "$app0" "$pg0" "$app1" "$pg1" "$t0" "$t1" "$WORK/$scenario.txt")
    echo "--- $scenario"; cat "$WORK/$scenario.txt"
    read -r rps p50 p99 < <(wrk_figures "$WORK/$scenario.txt")
    errors=$(cat "$WORK/$scenario-ramp.txt" "$WORK/$scenario.txt" | awk '/Non-2xx/ { n += $NF }
        /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }')
    warmup_errors=$(awk '/Non-2xx/ { n += $NF } END { print n + 0 }' "$WORK/$scenario-warmup.txt")
    echo "$scenario $rps $p50 $p99" >> "$WORK/figures"
    echo "| $scenario | $c | $rps | $p50 | $p99 | $errors (warm-up: $warmup_errors) | $cpu |" >> "$results"
done
# A token of the issued scenario still reads after the run (nothing was revoked on the way).
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $first" "$BASE/public/oauth2/2/files/issued")
if [[ $status != 200 ]]; then echo "an access token stopped working during the run ($status)" >&2; exit 1; fi

echo
echo "== summary: $(nproc) cores, $THREADS wrk threads, ${DURATION} s per scenario after a warm-up (${WARMUP} s at 4"\
" connections, then 10 s at the scenario's connections), $CONSENTS consents ($REAL with PDFs), $POOL refresh tokens"\
" per wrk thread, $CODES codes"
echo "$sizes"
echo "$("${PSQL[@]}" -c "select format('database %s: %s residents, %s issued-document rows', current_database(),
    (select count(*) from account_resident), (select count(*) from issuer_document))")"
echo
cat "$results"
if [[ $KEYCLOAK == 1 ]]; then
    kc() { awk -F': ' -v n="$1" '$1 == n { print $2 }' "$WORK/keycloak"; }
    echo
    echo "| Keycloak $(kc version), same run | per second | p50 | p99 | server CPU per request |"
    echo "|---|---|---|---|---|"
    for grant in refresh client_credentials; do
        echo "| $grant | $(kc ${grant}_per_s) | $(kc ${grant}_p50_ms) ms | $(kc ${grant}_p99_ms) ms | $(kc ${grant}_server_cpu_ms_per_req) ms |"
    done
    echo
    while read -r scenario rps _ _; do
        case $scenario in
            refresh*) anchor=$(kc refresh_per_s); name=refresh ;;
            code) anchor=$(kc client_credentials_per_s); name=client_credentials ;;
            *) continue ;;
        esac
        echo "$scenario / Keycloak $name ($anchor/s): $(echo "scale=2; $rps / $anchor" | bc) (target ≥ 2)"
    done < "$WORK/figures"
fi
if [[ $PGBENCH == 1 ]]; then
    pgb() { awk -F': ' -v n="$1" '$1 == n { print $2 }' "$WORK/pgbench"; }
    echo
    echo "pgbench, same run: primary-key SELECT $(pgb select_tps)/s, single-row INSERT $(pgb insert_tps)/s"
    while read -r scenario rps _ _; do
        case $scenario in
            issued) echo "issued / pgbench SELECT: $(echo "scale=3; $rps / $(pgb select_tps)" | bc)" ;;
            file) echo "file / pgbench INSERT: $(echo "scale=3; $rps / $(pgb insert_tps)" | bc)" ;;
        esac
    done < "$WORK/figures"
fi
echo
echo "uptime after: $(uptime)"
echo "raw wrk output, tokens and the application's log: $WORK; this log: $LOG"
