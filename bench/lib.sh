# Shell functions the load benchmarks share (bench/*/run.sh), sourced from the project root once the script has set
# BASE (the application's address), WORK (its scratch directory), PSQL (psql on the database) and PASSWORD (the
# residents' password). They read APP_PID (the application, once started) and, for ticks, BACKENDS.

# Stops the application if it was started: the scripts' EXIT trap.
cleanup() {
    if [[ -n $APP_PID ]]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
    if [[ ${AUTOVACUUM_TURNED_ON:-0} == 1 ]]; then
        "${PSQL[@]}" -c "alter system reset autovacuum" -c "select pg_reload_conf()" >/dev/null || true
        echo "autovacuum: back to off, as the server was configured"
    fi
}

# as_in_production: a PostgreSQL as a deployment runs it. This machine's server comes with autovacuum off (a CI
# setting, /etc/postgresql/15/main/conf.d/90-ci.conf): no table is ever vacuumed or analyzed, and a run on a server
# that had served earlier runs paid for every dead row they left (on 2026-12-07, 145,000 dead rows in the audit inbox
# made the chainer read 110 pages for each entry it moved, and the issued list and the file read lost half their
# rate between the morning and the afternoon). Turns autovacuum on for the run (the cleanup turns it off again),
# vacuums and analyzes the database once, and prints the settings that matter.
as_in_production() {
    if [[ $("${PSQL[@]}" -c "show autovacuum") == off ]]; then
        "${PSQL[@]}" -c "alter system set autovacuum = on" -c "select pg_reload_conf()" >/dev/null
        AUTOVACUUM_TURNED_ON=1
    fi
    "${PSQL[@]}" -c "vacuum (analyze)" >/dev/null
    echo "PostgreSQL: $("${PSQL[@]}" -c "select string_agg(name || ' ' || current_setting(name), ', ' order by name)
        from pg_settings where name in ('autovacuum', 'shared_buffers', 'synchronous_commit', 'fsync', 'max_connections')")"
}

# Waits up to two minutes for the application's health check; shows its log and exits if it stopped first.
wait_for_app() {
    for _ in $(seq 1 120); do
        if curl -sf "$BASE/actuator/health" > /dev/null; then break; fi
        if ! kill -0 "$APP_PID" 2>/dev/null; then cat "$WORK/app.log" >&2; exit 1; fi
        sleep 1
    done
    curl -sf "$BASE/actuator/health" > /dev/null
}

# Signs a resident in through the password form and prints the value of its session cookie.
sign_in() {
    local username=$1 jar=$WORK/cookies-$1 csrf location
    csrf=$(curl -sf -c "$jar" "$BASE/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
    location=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$jar" -c "$jar" "$BASE/login" \
        --data-urlencode "username=$username" --data-urlencode "password=$PASSWORD" --data-urlencode "_csrf=$csrf")
    if [[ $location != */dashboard ]]; then echo "sign-in of $username failed: $location" >&2; return 1; fi
    awk '$6 == "SESSION" { print $7 }' "$jar"
}

# CPU ticks used so far by the application and by the PostgreSQL backends serving its database (its pool's
# connections; other databases on the same server are not counted, nor are the server's own background writers).
ticks() {
    local app pg
    app=$(awk '{ print $14 + $15 }' "/proc/$APP_PID/stat")
    pg=$(for p in $BACKENDS; do awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null; done | paste -sd+ | bc)
    echo "$app ${pg:-0}"
}

# After the warm-up: waits up to two minutes for the optimising compiler's queue to be short, and says how long it is.
wait_for_compiler() {
    local queued
    for _ in $(seq 1 60); do
        queued=$(jcmd "$APP_PID" Compiler.queue 2>/dev/null | sed -n '/C2 compile queue/,$p' | grep -c '^[0-9]' || true)
        if [[ $queued -le 5 ]]; then break; fi
        sleep 2
    done
    echo "optimising compiler's queue after warm-up: $queued methods"
}

# prewarm TABLE...: reads the tables and their indexes once into the operating system's page cache (pg_prewarm's
# 'read' mode), so that a run measures a server whose working set is in memory, as a server that has been answering
# for a while has it, rather than the disk of a freshly started machine (on 2026-12-07 a machine started minutes
# before the run read 24 pages a request from disk: 760 issued lists a second with the cores 40 % idle).
prewarm() {
    "${PSQL[@]}" -c "create extension if not exists pg_prewarm" >/dev/null
    local table
    for table in "$@"; do
        "${PSQL[@]}" -c "select sum(pg_prewarm(c.oid, 'read')) from pg_class c where c.oid = '$table'::regclass
                          or c.oid in (select indexrelid from pg_index where indrelid = '$table'::regclass)" >/dev/null
    done
}

# find_anchor SCRIPT SWITCH: points ANCHORS_DIR, as an absolute path, at the folder holding the anchor SCRIPT
# (../shared/anchors; from a worktree, the one beside the main checkout), or exits saying how to turn it off (SWITCH).
find_anchor() {
    local common
    if [[ ! -x $ANCHORS_DIR/$1 ]]; then
        common=$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
        if [[ -n $common && -x $common/../../shared/anchors/$1 ]]; then ANCHORS_DIR=$common/../../shared/anchors; fi
    fi
    if [[ ! -x $ANCHORS_DIR/$1 ]]; then
        echo "no anchor $1 in $ANCHORS_DIR (set ANCHORS_DIR, or $2)" >&2
        exit 2
    fi
    ANCHORS_DIR=$(cd "$ANCHORS_DIR" && pwd)
}

# ports_free PORT...: exits when one of the ports is already taken on 127.0.0.1.
ports_free() {
    local port
    for port in "$@"; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "127.0.0.1:$port is already in use (choose another port: see the settings at the top of $0)" >&2
            exit 2
        fi
    done
}

# Exits unless LockerDataGenerator has loaded the database (its last step, analyze, is recorded).
require_loaded() {
    local loaded
    loaded=$("${PSQL[@]}" -c "select count(*) from bench_load where step = 'analyze'" 2>/dev/null || echo 0)
    if [[ $loaded != 1 ]]; then
        echo "Database $DATABASE is not loaded: run LockerDataGenerator first (bench/README.md)." >&2
        exit 1
    fi
}

# Packages the application when asked (BUILD=1) or when there is no jar, compiles the benchmarks, and sets JAR.
packaged_jar() {
    if [[ ${BUILD:-0} == 1 || -z $(ls target/tijori-*.jar 2>/dev/null) ]]; then
        ./mvnw -B -q -DskipTests package
    fi
    JAR=$(ls target/tijori-*.jar | grep -v -e '-plain' -e '\.original' | head -1)
    ./mvnw -B -q -Pbench test-compile
}

# run_header: what the log must say before any figure: the script, the commit, the jar, the machine, its load.
run_header() {
    local changes
    changes=$(git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo " with local changes" || true)
    echo "== $0 at $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD)$changes, jar $JAR"
    echo "machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo),"\
" $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(java -version 2>&1 | head -1)"
    echo "uptime before: $(uptime)"
}

# cpu_shares APP0 PG0 APP1 PG1 T0 T1 WRK_OUTPUT: the CPU each request cost the application and PostgreSQL
# (ticks from `ticks`, times from `date +%s.%N`), and the cores the application, PostgreSQL and wrk (its user and
# system seconds in $WORK/wrk-time) kept busy, as "a / p ms | a / p / w".
cpu_shares() {
    local wall requests
    wall=$(echo "$6 - $5" | bc -l)
    requests=$(awk '/requests in/ { print $1 }' "$7")
    awk -v a=$(($3 - $1)) -v p=$(($4 - $2)) -v hz="$HZ" -v w="$wall" -v wrk="$(cat "$WORK/wrk-time")" \
        -v n="$requests" 'BEGIN { split(wrk, t, " ");
            printf "%.2f / %.2f ms | %.2f / %.2f / %.2f", a / hz / n * 1000, p / hz / n * 1000, a / hz / w, p / hz / w,
                (t[1] + t[2]) / w }'
}

# wrk_figures WRK_OUTPUT: "requests-a-second p50 p99" of a wrk run made with --latency.
wrk_figures() {
    awk '/^Requests\/sec/ { rps = sprintf("%.0f", $2) } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
        END { print rps, p50, p99 }' "$1"
}
