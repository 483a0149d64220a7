#!/usr/bin/env bash
# Sharing by e-mail link under load (issue 17, "Benchmarks"): a recipient downloading a shared 100 KiB PDF (its
# stamped copy) over a visit's cookie, the link's page in a visit and as a new (counted) opening, residents creating
# shares through POST /api/v1/locker/shares (the share, its limits and its e-mail in the outbox), and the outbox
# draining a queue of e-mails to a local SMTP server; nginx serving a 100 KiB file in the same run, before and
# after, as the anchor. Needs a database loaded by LockerDataGenerator (bench/README.md), wrk, curl and psql.
# SharingDataGenerator (bench/src) creates the shares through DocumentSharing and opens and downloads each once
# (its stamped copy is made and kept before the measurement); SmtpSink (bench/src) is the SMTP server, counting
# what it receives. Prints Markdown tables; everything also goes to one log.
#
# One command:   bench/sharing/run.sh            (nginx from ../shared/anchors, from the project root)
#
# Settings (environment): DATABASE=tijori_bench DATA_DIR=/var/tmp/tijori-bench (the loader's data-dir: the vault's
# keys) ANCHORS=1 (0: no nginx anchor) ANCHORS_DIR=../shared/anchors (the main checkout's, from a worktree)
# ANCHOR_DURATION=20 (s per nginx measurement) SHARES=400 (links the download and page scenarios cycle through)
# REAL=200 (residents whose PDFs are shared) CREATORS=50 (signed-in residents creating shares) MAILS=2000 (e-mails
# the drain delivers) CONNECTIONS=50 THREADS=2 WARMUP=30 (s of each scenario at 4 connections before measuring)
# DURATION=30 PORT=18086 SMTP_PORT=18025 BUILD=0 (1: package the jar first) JAVA_OPTS= APP_ARGS=
# SCENARIOS="download page open create mail-drain" LOG=target/sharing-bench-<UTC time>.log
set -euo pipefail

cd "$(dirname "$0")/../.."
source bench/lib.sh
DATABASE=${DATABASE:-tijori_bench}
DATA_DIR=${DATA_DIR:-/var/tmp/tijori-bench}
ANCHORS=${ANCHORS:-1}
ANCHORS_DIR=${ANCHORS_DIR:-../shared/anchors}
ANCHOR_DURATION=${ANCHOR_DURATION:-20}
SHARES=${SHARES:-400}
REAL=${REAL:-200}
CREATORS=${CREATORS:-50}
MAILS=${MAILS:-2000}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-30}
DURATION=${DURATION:-30}
PORT=${PORT:-18086}
SMTP_PORT=${SMTP_PORT:-18025}
SCENARIOS=${SCENARIOS:-download page open create mail-drain}
PASSWORD="a long and unusual phrase"
BASE=http://127.0.0.1:$PORT
PSQL=(psql -h 127.0.0.1 -U postgres -d "$DATABASE" -At -v ON_ERROR_STOP=1)
mkdir -p target
LOG=${LOG:-target/sharing-bench-$(date -u +%Y%m%dT%H%M%SZ).log}
exec > >(tee -a "$LOG") 2>&1

WORK=$(mktemp -d /tmp/tijori-sharing-bench.XXXXXX)
mkdir -p "$WORK/lua" "$WORK/data"
APP_PID=
SINK_PID=
stop_all() {
    cleanup
    if [[ -n $SINK_PID ]]; then kill "$SINK_PID" 2>/dev/null || true; wait "$SINK_PID" 2>/dev/null || true; fi
}
trap stop_all EXIT

if [[ $ANCHORS == 1 ]]; then
    find_anchor nginx.sh ANCHORS=0
fi
ports_free "$PORT" "$SMTP_PORT"
require_loaded
packaged_jar
run_header

# The anchor first, alone on the machine: nginx serving a 100 KiB file, `name: value` lines.
anchor() {  # anchor PREFIX
    echo "== anchor nginx, $1 (uptime: $(uptime))"
    DURATION=$ANCHOR_DURATION CONNECTIONS=$CONNECTIONS "$ANCHORS_DIR/nginx.sh" | sed -u "s/^/$1./" | tee -a "$WORK/anchors"
}
if [[ $ANCHORS == 1 ]]; then anchor nginx-before; fi

# The SMTP server the application delivers to (only the JDK: it runs from target/test-classes).
java -Xmx64m -cp target/test-classes org.tijori.notification.SmtpSink port="$SMTP_PORT" \
    count-file="$WORK/sink-count" > "$WORK/sink.log" 2>&1 &
SINK_PID=$!
for _ in $(seq 1 50); do [[ -s $WORK/sink-count ]] && break; sleep 0.1; done
[[ -s $WORK/sink-count ]] || { cat "$WORK/sink.log" >&2; echo "the SMTP sink did not start" >&2; exit 1; }
sink_count() { cut -d' ' -f1 "$WORK/sink-count"; }

generate() {  # generate ARGS...: SharingDataGenerator on the database
    ./mvnw -B -q -Pbench exec:exec -Dbench.main=org.tijori.sharing.SharingDataGenerator \
        -Dbench.args="out=$WORK/data database=$DATABASE data-dir=$DATA_DIR real=$REAL $* --spring.mail.host=127.0.0.1 --spring.mail.port=$SMTP_PORT" \
        2>&1 | grep -v ' WARN ' || true
}
echo "== shares (uptime: $(uptime))"
generate mode=setup shares="$SHARES"
# Vacuumed and analyzed after the setup, as a running system has it: tables analyzed while empty and filled by the
# setup gave the planner row counts of zero.
as_in_production
for file in shares residents; do
    [[ -s $WORK/data/$file.txt ]] || { echo "the generator wrote no $file.txt" >&2; exit 1; }
done

echo "== application (uptime: $(uptime))"
# The limits per address and per resident are raised: wrk is one client at one address and 50 residents, and the
# benchmark measures the work of a request, not the limit. E-mail goes to the SMTP sink; the outbox is looked at
# every second besides the wake-up after each commit (a queue stored by another process wakes no one).
java -Xms1g -Xmx1g ${JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" --spring.main.banner-mode=off --logging.level.root=WARN \
    --tijori.data-dir="$DATA_DIR" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DATABASE" --spring.datasource.username=postgres \
    --tijori.sharing.openings-per-minute=1000000000 --tijori.sharing.shares-per-hour=1000000000 \
    --tijori.sharing.mails-per-recipient-per-day=1000000000 --tijori.sharing.visit=12h \
    --spring.mail.host=127.0.0.1 --spring.mail.port="$SMTP_PORT" --tijori.mail.poll-interval=1s \
    ${APP_ARGS:-} > "$WORK/app.log" 2>&1 &
APP_PID=$!
wait_for_app

unsent() { "${PSQL[@]}" -c "select count(*) from notification_mail_outbox where sent_at is null and failed_at is null"; }
drained() {  # waits up to ten minutes for the outbox to be empty
    for _ in $(seq 1 600); do [[ $(unsent) == 0 ]] && return 0; sleep 1; done
    echo "the outbox still holds $(unsent) e-mails" >&2; return 1
}
drained
echo "the setup's e-mails delivered: the SMTP sink has received $(sink_count)"

# One of each by curl: the answers' shapes and sizes.
read -r first_token first_visit < "$WORK/data/shares.txt"
curl -sf -H "Cookie: tijori_share_visit=$first_visit" "$BASE/s/$first_token/0/download" -o "$WORK/document.pdf"
head -c 5 "$WORK/document.pdf" | grep -q '%PDF-' || { echo "the download is not a PDF" >&2; exit 1; }
curl -sf -H "Cookie: tijori_share_visit=$first_visit" "$BASE/s/$first_token" -o "$WORK/page.html"
grep -q "/s/$first_token/0/download" "$WORK/page.html" || { echo "the page has no download link" >&2; exit 1; }
kept=$("${PSQL[@]}" -c "select count(*) from sharing_stamped_copy")
sizes="answer sizes: download (the stamped copy) $(stat -c %s "$WORK/document.pdf") B, page $(stat -c %s "$WORK/page.html") B; $kept stamped copies kept"
echo "$sizes"

# The creators: signed in through the password form, each with its session's CSRF token and a PDF of theirs.
started=$(date +%s.%N)
{
    echo "creators = {"
    head -"$CREATORS" "$WORK/data/residents.txt" | while read -r username uri; do
        session=$(sign_in "$username")
        csrf=$(curl -sf -H "Cookie: SESSION=$session" "$BASE/locker/uploaded" \
            | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
        echo "  {\"SESSION=$session\", \"$csrf\", \"$uri\"},"
    done
    echo "}"
} > "$WORK/lua/creators.lua"
echo "signed in $CREATORS residents in $(echo "$(date +%s.%N) - $started" | bc) s"
IFS='"' read -r _ first_cookie _ first_csrf _ first_uri _ < <(sed -n 2p "$WORK/lua/creators.lua")
status=$(curl -s -o "$WORK/created.json" -w '%{http_code}' -H "Cookie: $first_cookie" -H "X-CSRF-TOKEN: $first_csrf" \
    -H 'Content-Type: application/json' "$BASE/api/v1/locker/shares" \
    -d "{\"documents\":[{\"kind\":\"issued\",\"uri\":\"$first_uri\"}],\"email\":\"check-$(date +%s)@bench.example\",\"notifyFirstOpening\":false}")
if [[ $status != 201 ]]; then echo "creating a share answered $status: $(cat "$WORK/created.json")" >&2; exit 1; fi

{
    echo "shares = {"; awk '{ printf "  {\"%s\", \"%s\"},\n", $1, $2 }' "$WORK/data/shares.txt"; echo "}"
} > "$WORK/lua/shares.lua"
RUN=$(date +%s)
cat > "$WORK/lua/sharing.lua" <<LUA
package.path = "$WORK/lua/?.lua;" .. package.path
require "shares"
require "creators"
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  mode = args[1]
  index = (id or 1) * 7919
  made = 0
end
function request()
  if mode == "create" then
    index = index % #creators + 1
    made = made + 1
    local creator = creators[index]
    local body = '{"documents":[{"kind":"issued","uri":"' .. creator[3] .. '"}],"email":"r$RUN-' .. id .. '-'
      .. made .. '-' .. math.random(1000000) .. '@bench.example","notifyFirstOpening":false}'
    return wrk.format("POST", "/api/v1/locker/shares", { ["Cookie"] = creator[1], ["X-CSRF-TOKEN"] = creator[2],
      ["Content-Type"] = "application/json" }, body)
  end
  index = index % #shares + 1
  local share = shares[index]
  if mode == "download" then
    return wrk.format("GET", "/s/" .. share[1] .. "/0/download", { ["Cookie"] = "tijori_share_visit=" .. share[2] })
  elseif mode == "page" then
    return wrk.format("GET", "/s/" .. share[1], { ["Cookie"] = "tijori_share_visit=" .. share[2] })
  else
    -- open: the link from the e-mail, without a visit: a counted opening, a new visit and its cookie.
    return wrk.format("GET", "/s/" .. share[1])
  end
end
LUA

run_wrk() {  # run_wrk CONNECTIONS SECONDS SCENARIO [wrk options...]: wrk, under /usr/bin/time if TIMED is set
    local c=$1 d=$2 scenario=$3; shift 3
    local command=(wrk -t"$THREADS" -c"$c" -d"${d}s" "$@" -s "$WORK/lua/sharing.lua" "$BASE" -- "$scenario")
    if [[ -n ${TIMED:-} ]]; then command=(/usr/bin/time -f '%U %S' -o "$WORK/wrk-time" "${command[@]}"); fi
    "${command[@]}"
}
backends() {
    BACKENDS=$("${PSQL[@]}" -c "select pid from pg_stat_activity where datname = current_database()
        and pid <> pg_backend_pid() and backend_type = 'client backend'")
}

HZ=$(getconf CLK_TCK)
results="$WORK/results.md"
echo "| scenario | connections | requests/s | p50 | p99 | errors | CPU per request, app / PostgreSQL | cores busy, app / PostgreSQL / wrk |" > "$results"
echo "|---|---|---|---|---|---|---|---|" >> "$results"
drain="(not run)"
for scenario in $SCENARIOS; do
    if [[ $scenario == mail-drain ]]; then
        echo "== mail-drain: $MAILS e-mails queued in one transaction (uptime: $(uptime))"
        drained
        base=$(sink_count)
        generate mode=mail mails="$MAILS"
        queued=$(cat "$WORK/data/mail-queued.txt")
        backends
        read -r app0 pg0 < <(ticks)
        first=
        for _ in $(seq 1 12000); do
            read -r count latest < "$WORK/sink-count"
            if [[ -z $first && $count -gt $base ]]; then first=$latest; first_count=$((count - base)); fi
            if [[ $count -ge $((base + MAILS)) ]]; then break; fi
            sleep 0.05
        done
        read -r app1 pg1 < <(ticks)
        if [[ $count -lt $((base + MAILS)) ]]; then
            echo "the SMTP sink received $((count - base)) of $MAILS e-mails in ten minutes" >&2; exit 1
        fi
        drain=$(awk -v n="$MAILS" -v q="$queued" -v f="$first" -v fc="$first_count" -v l="$latest" \
            -v a=$((app1 - app0)) -v p=$((pg1 - pg0)) -v hz="$HZ" 'BEGIN {
                printf "| %d | %.1f s | %.0f | %.0f | %.2f / %.2f ms |", n, (l - q) / 1000, n / ((l - q) / 1000),
                    (l > f ? (n - fc) / ((l - f) / 1000) : 0), a / hz / n * 1000, p / hz / n * 1000 }')
        echo "$drain"
        continue
    fi
    # Warm-up at low concurrency, so that the JIT compiler's threads get a core, then until its queue is short.
    echo "== $scenario: warm-up (uptime: $(uptime))"
    run_wrk 4 "$WARMUP" "$scenario" > "$WORK/$scenario-warmup.txt"
    wait_for_compiler
    run_wrk "$CONNECTIONS" 10 "$scenario" > "$WORK/$scenario-ramp.txt"
    backends
    read -r app0 pg0 < <(ticks)
    t0=$(date +%s.%N)
    TIMED=1 run_wrk "$CONNECTIONS" "$DURATION" "$scenario" --latency > "$WORK/$scenario.txt"
    t1=$(date +%s.%N)
    read -r app1 pg1 < <(ticks)
    cpu=$(cpu_shares "$app0" "$pg0" "$app1" "$pg1" "$t0" "$t1" "$WORK/$scenario.txt")
    echo "--- $scenario"; cat "$WORK/$scenario.txt"
    read -r rps p50 p99 < <(wrk_figures "$WORK/$scenario.txt")
    errors=$(cat "$WORK/$scenario-ramp.txt" "$WORK/$scenario.txt" | awk '/Non-2xx/ { n += $NF }
        /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }')
    warmup_errors=$(awk '/Non-2xx/ { n += $NF } END { print n + 0 }' "$WORK/$scenario-warmup.txt")
    echo "$scenario $rps $p50 $p99" >> "$WORK/figures"
    echo "| $scenario | $CONNECTIONS | $rps | $p50 | $p99 | $errors (warm-up: $warmup_errors) | $cpu |" >> "$results"
done
# The first link still downloads after the run (nothing ended it on the way).
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: tijori_share_visit=$first_visit" "$BASE/s/$first_token/0/download")
if [[ $status != 200 ]]; then echo "the first link stopped downloading during the run ($status)" >&2; exit 1; fi
# Stop the application before the last anchor, so that it measures nginx alone again.
stop_all
APP_PID=
SINK_PID=
if [[ $ANCHORS == 1 ]]; then anchor nginx-after; fi

echo
echo "== summary: $(nproc) cores, $THREADS wrk threads, ${DURATION} s per scenario after a warm-up (${WARMUP} s at 4"\
" connections, then 10 s at $CONNECTIONS), $SHARES share links of $REAL residents' PDFs (cycled), $CREATORS residents"\
" creating shares"
echo "$sizes"
echo "$("${PSQL[@]}" -c "select format('database %s: %s residents, %s issued-document rows, %s share links',
    current_database(), (select count(*) from account_resident), (select count(*) from issuer_document),
    (select count(*) from sharing_link))")"
echo "limits raised for the run: tijori.sharing.openings-per-minute, shares-per-hour and mails-per-recipient-per-day"\
" to 1,000,000,000 (wrk is one address); visits last 12 h"
echo
cat "$results"
echo
echo "| outbox drain to the SMTP sink | e-mails | queued to all received | per second, from the commit | per second, first to last received | CPU per e-mail, app / PostgreSQL |"
echo "|---|---|---|---|---|---|"
echo "| mail-drain $drain"
if [[ $ANCHORS == 1 ]]; then
    echo
    echo "| nginx, same run | 100 KiB file per second | p50 | p99 |"
    echo "|---|---|---|---|"
    for when in before after; do
        awk -F': ' -v w="$when" '$1 == "nginx-" w ".file_100k_per_s" { r = $2 } $1 == "nginx-" w ".file_100k_p50_ms" { a = $2 }
            $1 == "nginx-" w ".file_100k_p99_ms" { b = $2 }
            END { printf "| %s | %s | %s ms | %s ms |\n", w, r, a, b }' "$WORK/anchors"
    done
    nginx=$(awk -F': ' '$1 ~ /file_100k_per_s$/ { s += $2; n++ } END { if (n) printf "%.0f", s / n }' "$WORK/anchors")
    echo
    while read -r scenario rps _ _; do
        [[ $scenario == download ]] || continue
        echo "download / nginx 100 KiB (mean of before and after, $nginx/s): $(echo "scale=3; $rps / $nginx" | bc)"\
" (target: ≥ 1,000/s with p99 < 50 ms)"
    done < "$WORK/figures"
fi
echo
echo "uptime after: $(uptime)"
echo "raw wrk output, links and the application's log: $WORK; this log: $LOG"
