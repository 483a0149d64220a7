#!/usr/bin/env bash
# The issuer push under a flood of unproven bodies (issue 13, defect 1): PushFloodBenchmark at the JVM's
# default heap and with heap=1g, after two anchors measured in the same run on the same machine (openssl's
# crypto floors and pgbench, from the shared anchors). Packages the jar first, so that the server measured is
# the code checked out. Everything goes to the terminal and to one log.
#
# Usage: bench/issuer/flood.sh [anchors-dir]      (default ../shared/anchors, from the project root)
# Settings (environment): FLOOD_ARGS="duration=60 clients=8 size=20MB" (the benchmark's arguments, heap apart),
# BUILD=1 (0: use target/tijori-*.jar as it is), LOG=target/flood-<UTC time>.log. The anchors read their own
# settings (DURATION, SECONDS_PER_TEST, CLIENTS, ...) from the same environment.
# Runs every step even when one fails, and exits 1 if any did.
set -uo pipefail

cd "$(dirname "$0")/../.."
ANCHORS_ARG=${1:-../shared/anchors}
if ! ANCHORS=$(cd "$ANCHORS_ARG" 2>/dev/null && pwd) || [[ ! -x $ANCHORS/all.sh ]]; then
    echo "no anchors in $ANCHORS_ARG (give the anchors directory as the first argument)" >&2
    exit 2
fi
FLOOD_ARGS=${FLOOD_ARGS:-duration=60 clients=8 size=20MB}
mkdir -p target
LOG=${LOG:-target/flood-$(date -u +%Y%m%dT%H%M%SZ).log}
exec > >(tee -a "$LOG") 2>&1

status=0
changes=$(git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo " with local changes")
echo "== flood.sh at $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null)$changes, log $LOG"
echo "uptime: $(uptime)"

if [[ ${BUILD:-1} == 1 ]]; then
    echo "== packaging the jar"
    ./mvnw -B -q package -DskipTests || { echo "packaging failed"; exit 1; }
fi
./mvnw -B -q -Pbench test-compile || { echo "compiling the benchmarks failed"; exit 1; }

echo "== anchors: $ANCHORS/all.sh crypto pgbench"
"$ANCHORS/all.sh" crypto pgbench || status=1

for heap in default 1g; do
    echo "== PushFloodBenchmark $FLOOD_ARGS heap=$heap (uptime: $(uptime))"
    ./mvnw -B -q -Pbench exec:exec -Dbench.main=org.tijori.issuer.PushFloodBenchmark \
        -Dbench.args="$FLOOD_ARGS heap=$heap" || status=1
done

echo "== done at $(date -u +%Y-%m-%dT%H:%M:%SZ), $([[ $status == 0 ]] && echo "every step held" || echo "a step FAILED"); log $LOG"
exit "$status"
