#!/usr/bin/env bash
# Smoke run of every benchmark main in bench/src with the tiniest arguments that still take its path end to end,
# so that a change which breaks one fails the build (issue 20). Not a measurement: the numbers mean nothing.
#
# Compiles once (-Pbench test-compile), takes the test class path once, then runs each main in its own JVM under
# `timeout`. A benchmark passes only if it exits 0 AND printed its result line. One line per benchmark
# (name, seconds, ok/FAILED, with the end of its log when it failed); exits 1 if any failed.
#
# The data generators (locker, gateway, sharing) run against a throw-away database on the machine's PostgreSQL
# (127.0.0.1:5432, user postgres), created by LockerDataGenerator and dropped at the end; never tijori_bench.
# Without that PostgreSQL they are reported as skipped. PushFloodBenchmark runs the packaged jar
# (target/tijori-*.jar, or FLOOD_JAR=); without one it is skipped too, and so is CrashLoop (which also needs that
# PostgreSQL: its own database tijori_crash_<pid>, dropped at its end). The shell drivers (bench/*/run.sh,
# bench/issuer/flood.sh) are not run: they need wrk, Keycloak, nginx and minutes.
#
# Settings (environment): ONLY (a regular expression on the names, e.g. ONLY='Vault|Audit'), MVN_OFFLINE=0 to let
# Maven download, KEEP_LOGS=1 to keep the logs directory (printed) when all passed.
set -uo pipefail
cd "$(dirname "$0")/.."

only=${ONLY:-.}
offline=-o
[[ ${MVN_OFFLINE:-1} == 0 ]] && offline=

logs=$(mktemp -d -t tijori-bench-smoke.XXXXXX)
database="tijori_smoke_$$"
data_dir="$logs/data"
server=(-h 127.0.0.1 -p 5432 -U postgres)
created_database=0

cleanup() {
    if [[ $created_database == 1 ]]; then
        psql -q "${server[@]}" -d postgres -c "drop database if exists $database with (force)" >/dev/null 2>&1 \
            || echo "could not drop the throw-away database $database"
    fi
    rm -rf "$data_dir"
}
trap cleanup EXIT

# Offline first; once more online if that failed (a plugin of the bench profile not yet in the local repository).
mvn() {
    ./mvnw -q $offline -Pbench "$@" || { [[ -n $offline ]] && echo "retrying online" && ./mvnw -q -Pbench "$@"; }
}
echo "compiling the benchmarks (./mvnw -q $offline -Pbench test-compile)"
mvn test-compile || { echo "the benchmarks do not compile"; exit 1; }
mvn dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$logs/classpath.txt" >/dev/null \
    || { echo "no class path"; exit 1; }
classpath="target/test-classes:target/classes:$(cat "$logs/classpath.txt")"

failed=()
ran=0
# run NAME SECONDS RESULT-REGEX MAIN [ARG...]: one benchmark in its own JVM, as the bench profile starts it.
run() {
    local name=$1 limit=$2 expect=$3 main=$4
    shift 4
    [[ $name =~ $only ]] || return 0
    local log="$logs/$name.log" started=$SECONDS status=0
    timeout --kill-after=15 "$limit" java -Xmx1g -XX:-UseDynamicNumberOfCompilerThreads -cp "$classpath" \
        "$main" "$@" >"$log" 2>&1 || status=$?
    judge "$name" "$limit" "$expect" "$log" "$status" "$started"
}
# script NAME SECONDS RESULT-REGEX COMMAND [ARG...]: a shell driver, judged as run judges a main.
script() {
    local name=$1 limit=$2 expect=$3
    shift 3
    [[ $name =~ $only ]] || return 0
    local log="$logs/$name.log" started=$SECONDS status=0
    timeout --kill-after=15 "$limit" "$@" >"$log" 2>&1 || status=$?
    judge "$name" "$limit" "$expect" "$log" "$status" "$started"
}
# judge NAME LIMIT RESULT-REGEX LOG STATUS STARTED: passes only with exit 0 and the result line in the log.
judge() {
    local name=$1 limit=$2 expect=$3 log=$4 status=$5 started=$6
    ran=$((ran + 1))
    local took=$((SECONDS - started))
    if [[ $status == 0 ]] && grep -Eq -- "$expect" "$log"; then
        printf '%-36s %4d s  ok\n' "$name" "$took"
    else
        local why="exit $status"
        [[ $status == 124 || $status == 137 ]] && why="timed out after $limit s"
        [[ $status == 0 ]] && why="no result line /$expect/"
        printf '%-36s %4d s  FAILED (%s)\n' "$name" "$took" "$why"
        tail -n 40 "$log" | sed 's/^/    | /'
        failed+=("$name")
    fi
}
skip() {
    [[ $1 =~ $only ]] && printf '%-36s %4s    skipped (%s)\n' "$1" - "$2"
    return 0
}

echo "running each benchmark with tiny arguments (logs in $logs)"
run ProofRenderingBenchmark 90 'what the proof adds' \
    org.tijori.issuer.ProofRenderingBenchmark documents=4 rounds=1 warmup=4
run QrReadabilityExperiment 90 '^\| version \| PDFs' \
    org.tijori.issuer.QrReadabilityExperiment pdfs=3 dpi=150
run ProofVerificationBenchmark 90 'ProofCheck.check' \
    org.tijori.verify.ProofVerificationBenchmark seconds=1 rounds=1 warmup=1
run SignatureVerificationBenchmark 90 'target \(issue 18\)' \
    org.tijori.signing.SignatureVerificationBenchmark checks=4 threads=2 warmup=2 size=65536
run EsignSigningBenchmark 90 '^\| signings a second' \
    org.tijori.signing.EsignSigningBenchmark threads=1 seconds=1 warmup=1 anchor=false
run VaultBenchmark 120 '^\| vault read' \
    org.tijori.storage.VaultBenchmark large=1 small=20 threads=2
run AuditAppendBenchmark 120 'verification: intact=true' \
    org.tijori.audit.AuditAppendBenchmark threads=2 entries=200
run PasswordHashBenchmark 60 'password hash benchmark done' \
    org.tijori.account.PasswordHashBenchmark checks=4 threads=1,2 settings=19456:2,7168:5
run SignInBenchmark 120 'mobile OTP sign-ins over HTTP' \
    org.tijori.account.SignInBenchmark residents=4 threads=2 warmup=2 password=4 otp=4
client=java
command -v wrk >/dev/null && client=wrk
run PublishBenchmark 240 '^\| ZIP of' \
    org.tijori.issuer.PublishBenchmark residents=20 documents=20 bulk=20 threads=2 inserts=200 client=$client

jar=${FLOOD_JAR:-$(ls target/tijori-*.jar 2>/dev/null | grep -v -- '-plain' | head -n 1)}
if [[ -n $jar && -f $jar ]]; then
    run PushFloodBenchmark 240 'alive after the flood yes' \
        org.tijori.issuer.PushFloodBenchmark duration=2 clients=1 size=64KB jar="$jar"
    script StartupBenchmark 300 'startup benchmark done' bench/startup/run.sh starts=1 idle=1 jar="$jar" -- -Xmx128m
else
    skip PushFloodBenchmark "no packaged jar: ./mvnw package -DskipTests, or FLOOD_JAR="
    skip StartupBenchmark "no packaged jar: ./mvnw package -DskipTests, or FLOOD_JAR="
fi

# Two nodes behind HAProxy, one killed (issue 20): the packaged jar twice, HAProxy, a database of its own
# (tijori_two_<pid>, created and dropped by the run). Starting two nodes one after the other takes most of its 2-3 minutes.
if [[ -z $jar || ! -f $jar ]]; then
    skip TwoNodeFailover "no packaged jar: ./mvnw package -DskipTests, or FLOOD_JAR="
elif ! command -v haproxy >/dev/null; then
    skip TwoNodeFailover "no haproxy (apt-get install haproxy)"
elif ! { command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; }; then
    skip TwoNodeFailover "no PostgreSQL on 127.0.0.1:5432"
else
    run TwoNodeFailover 300 '^verdict: PASSED' \
        org.tijori.TwoNodeFailover duration=20 kill-at=8 clients=1 jar="$jar"
fi

if [[ -n $jar && -f $jar ]] && command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
    # Two kills with short gaps: the path end to end (start, traffic, SIGKILL, restart, every check), not a run.
    run CrashLoop 240 '^verdict: HELD' \
        org.tijori.faults.CrashLoop kills=2 min-gap=2 max-gap=3 residents=2 bulk=2 settle=90 jar="$jar"
else
    skip CrashLoop "needs the packaged jar and a PostgreSQL on 127.0.0.1:5432"
fi

if [[ $database == tijori_bench ]]; then
    echo "refusing to run the generators on tijori_bench"; exit 1
fi
generators='LockerDataGenerator|GatewayDataGenerator|SharingDataGenerator'
if ! { command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; }; then
    for name in LockerDataGenerator GatewayDataGenerator SharingDataGenerator; do
        skip $name "no PostgreSQL on 127.0.0.1:5432"
    done
elif [[ LockerDataGenerator =~ $only || GatewayDataGenerator =~ $only || SharingDataGenerator =~ $only ]]; then
    created_database=1
    # The gateway and sharing generators need the locker's load (its real residents and their pushed PDFs).
    only="$only|LockerDataGenerator"
    run LockerDataGenerator 180 '^loaded in' \
        org.tijori.locker.LockerDataGenerator residents=20 documents=200 real=2 pdfs=1 \
        database=$database data-dir="$data_dir"
    common=(database=$database data-dir="$data_dir")
    run GatewayDataGenerator 120 '^setup done in' \
        org.tijori.gateway.GatewayDataGenerator mode=setup consents=4 real=2 refreshers=1 out="$logs/gateway" \
        "${common[@]}"
    run GatewayDataGenerator-codes 90 '^codes done in' \
        org.tijori.gateway.GatewayDataGenerator mode=codes codes=10 out="$logs/gateway" "${common[@]}"
    run SharingDataGenerator 120 '^setup done in' \
        org.tijori.sharing.SharingDataGenerator mode=setup shares=2 real=2 out="$logs/sharing" "${common[@]}"
    run SharingDataGenerator-mail 90 '^mail done in' \
        org.tijori.sharing.SharingDataGenerator mode=mail mails=4 real=2 out="$logs/sharing" "${common[@]}"
fi

if (( ${#failed[@]} > 0 )); then
    echo "benchmark smoke: ${#failed[@]} of $ran FAILED: ${failed[*]} (logs in $logs)"
    exit 1
fi
echo "benchmark smoke: all $ran passed"
[[ ${KEEP_LOGS:-0} == 1 ]] && echo "logs in $logs" || rm -rf "$logs"
