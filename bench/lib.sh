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
