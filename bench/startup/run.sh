#!/usr/bin/env bash
# Start-up and memory of the packaged jar on its embedded database: one cold start (a new data directory, so the
# embedded PostgreSQL is unpacked and initialised), then warm starts on that directory. For each start: seconds until
# the readiness probe answers UP, the JVM's CPU seconds until then, the largest heap left after a collection during
# start-up (the live peak), the heap after a full collection once started, and the resident set after IDLE seconds
# of idling. Run it on a quiet machine, beside ../shared/anchors/keycloak.sh (which prints Keycloak's startup_s and
# rss_after_mib) in the same session.
#
# usage: bench/startup/run.sh [starts=3] [idle=20] [jar=target/tijori-*.jar] [-- extra JVM options]
#   bench/startup/run.sh starts=3 idle=20 -- -Xmx128m
set -euo pipefail
cd "$(dirname "$0")/../.."

starts=3 idle=20 jar=""
while (($#)); do
    case $1 in
        starts=*) starts=${1#*=} ;;
        idle=*) idle=${1#*=} ;;
        jar=*) jar=${1#*=} ;;
        --) shift; break ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
jvm=("$@")
[[ -n $jar ]] || jar=$(ls target/tijori-*.jar 2>/dev/null | grep -v -- '-plain' | head -n 1)
[[ -f $jar ]] || { echo "no packaged jar: ./mvnw -DskipTests package" >&2; exit 2; }

work=$(mktemp -d /tmp/tijori-startup.XXXXXX)
pid=""
cleanup() {
    [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
tick=$(getconf CLK_TCK)

echo "jar: $jar; JVM options: ${jvm[*]:-(none)}; cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| start | ready (s) | JVM CPU until ready (s) | live heap peak during start (MiB) | heap after start, full GC (MiB) | RSS after ${idle} s idle (MiB) |"
echo "|---|---|---|---|---|---|"
for ((i = 0; i <= starts; i++)); do
    kind=warm
    ((i == 0)) && kind=cold
    port=$(free_port)
    log=$work/start-$i.log
    started=$(date +%s.%N)
    java "${jvm[@]}" -Xlog:gc:file="$work/gc-$i.log" -jar "$jar" --tijori.data-dir="$work/data" \
        --server.port="$port" >"$log" 2>&1 &
    pid=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
        kill -0 "$pid" 2>/dev/null || { echo "Tijori exited during start:" >&2; tail -n 30 "$log" >&2; exit 1; }
        sleep 0.05
    done
    ready=$(echo "$(date +%s.%N) - $started" | bc)
    read -r user system < <(awk '{print $14, $15}' "/proc/$pid/stat")
    cpu=$(echo "scale=1; ($user + $system) / $tick" | bc)
    # "Pause Young (Normal) (G1 Evacuation Pause) 192M->61M(240M)": the size after each collection
    peak=$(grep -o '[0-9]*M->[0-9]*M' "$work/gc-$i.log" | sed 's/.*->//; s/M//' | sort -n | tail -n 1)
    sleep "$idle"
    rss=$(($(ps -o rss= -p "$pid") / 1024))
    jcmd "$pid" GC.run >/dev/null
    after=$(jcmd "$pid" GC.heap_info | grep -o 'used [0-9]*K' | head -n 1 | grep -o '[0-9]*')
    printf '| %s | %.1f | %s | %s | %d | %d |\n' "$kind" "$ready" "$cpu" "${peak:-?}" $((after / 1024)) "$rss"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=""
done
echo
echo "startup benchmark done"
