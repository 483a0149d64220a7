# Shell functions the load benchmarks share (bench/locker/run.sh and bench/verify/run.sh), sourced from the project
# root once the script has set BASE (the application's address), WORK (its scratch directory) and PASSWORD (the
# residents' password). They read APP_PID (the application, once started) and, for ticks, BACKENDS.

# Stops the application if it was started: the scripts' EXIT trap.
cleanup() {
    if [[ -n $APP_PID ]]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
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
