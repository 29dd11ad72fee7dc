#!/usr/bin/env bash
# signup.sh - durable sign-ups per second through the JSON API, beside the raw durable
# single-row insert rate of the same database file, measured in the same run.
#
#   bench/signup.sh [BINARY]        (make bench runs it through bench/run.sh)
#
# Sign-ups: wrk posts a different person on every request (bench/signup.lua) to a fresh
# server for DURATION seconds. Every 201 is a request whose intake row was committed with
# synchronous=FULL (group commit) before it was answered: that is the durable sign-up rate
# the target is about. The intake thread turns intake rows into the full records
# (application, learner, event, e-mail) behind it (src/intake.h); the script keeps the server
# up after wrk until the intake is empty and reports that rate too: how many were completed
# during the run, how long the backlog took to drain after it, and the overall completion
# rate. Raw: `skillgate test-insert-bench N` on the same database file: N single-row inserts,
# one transaction and one fsync each. The script checks that the database holds an
# application for every 201 and prints the rates and the ratio.
# Environment: DURATION (s, default 10), CONNECTIONS (default 256), THREADS (wrk, default 1),
# SERVER_THREADS (default 256: each waits on its commit, so more threads make bigger
# group commits), RAW_N (default 2000), DRAIN_MAX (s to wait for the intake, default 600).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/skillgate}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-256}
THREADS=${THREADS:-1}
SERVER_THREADS=${SERVER_THREADS:-256}
RAW_N=${RAW_N:-2000}
DRAIN_MAX=${DRAIN_MAX:-600}
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/skillgate-bench-signup.XXXXXX")
DB=$DIR/db.sqlite3
PID=
cleanup() {
	if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
		kill "$PID"
		wait "$PID" 2>/dev/null || true
	fi
	rm -rf "$DIR"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "signup.sh: wrk is missing (make deps-test)" >&2; exit 1; }
export SKILLGATE_DB=$DB SKILLGATE_MAIL_DIR=$DIR/mail SKILLGATE_ACCESS_LOG=off
"$BIN" migrate >/dev/null
# the per-address limit would refuse a load from one address; seats for everyone
"$BIN" test-setting signup_rate_per_hour 0
"$BIN" test-setting seats_en 100000000
"$BIN" test-setting seats_es 100000000

SKILLGATE_THREADS=$SERVER_THREADS "$BIN" serve --listen "127.0.0.1:$PORT" >"$DIR/out.log" 2>"$DIR/err.log" &
PID=$!
python3 - "$PORT" <<'PY'
import sys, time, urllib.request
for _ in range(200):
    try:
        if urllib.request.urlopen("http://127.0.0.1:%s/healthz" % sys.argv[1], timeout=1).read().strip() == b"ok":
            break
    except OSError:
        time.sleep(0.05)
PY

# rows in the intake and applications (read while the server runs: WAL readers never block)
counts() {
	python3 - "$DB" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
print(*c.execute("SELECT (SELECT COUNT(*) FROM signup_intake), "
                 "(SELECT COUNT(*) FROM applications)").fetchone())
PY
}
now() { date +%s.%N; }

# a short warm-up (drained before the measured run), then the measured run
RUN=warm wrk -t1 -c8 -d1s -s bench/signup.lua "http://127.0.0.1:$PORT" >"$DIR/warm.txt" 2>&1 || true
warm=$(awk '/^signup_requests/ {r=$2} /^signup_errors/ {e=$2} END {print r - e}' "$DIR/warm.txt")
for _ in $(seq 1 600); do
	read -r waiting apps < <(counts)
	[ "$waiting" -eq 0 ] && break
	sleep 0.1
done
RUN=main wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/signup.lua \
	"http://127.0.0.1:$PORT" >"$DIR/wrk.txt" 2>"$DIR/wrk.err"
t_end=$(now)
read -r waiting_end apps_end < <(counts)
# the intake thread goes on at full speed once the sign-ups stop
waiting=$waiting_end
apps=$apps_end
while [ "$waiting" -gt 0 ]; do
	awk -v a="$(now)" -v b="$t_end" -v m="$DRAIN_MAX" 'BEGIN {exit !(a - b > m)}' && break
	sleep 0.2
	read -r waiting apps < <(counts)
done
t_drained=$(now)
kill "$PID"
wait "$PID" || { echo "signup.sh: the server did not stop cleanly" >&2; cat "$DIR/err.log" >&2; exit 1; }
PID=

requests=$(awk '/^signup_requests/ {print $2}' "$DIR/wrk.txt")
errors=$(awk '/^signup_errors/ {print $2}' "$DIR/wrk.txt")
created=$((requests - errors))
rate=$(awk -v n="$created" -v d="$DURATION" 'BEGIN {printf "%.1f", n / d}')
read -r left apps_final < <(counts)
stored=$((apps_final + left - warm))
"$BIN" test-insert-bench "$RAW_N" >"$DIR/raw.txt"
raw=$(awk '/^raw_inserts_per_second/ {print $2}' "$DIR/raw.txt")
ratio=$(awk -v a="$rate" -v b="$raw" 'BEGIN {printf "%.1f", (b > 0 ? a / b : 0)}')
during=$((apps_end - warm))
drain=$(awk -v a="$t_drained" -v b="$t_end" 'BEGIN {printf "%.1f", a - b}')
during_rate=$(awk -v n="$during" -v d="$DURATION" 'BEGIN {printf "%.1f", n / d}')
after_rate=$(awk -v n="$waiting_end" -v d="$drain" 'BEGIN {printf "%.1f", (d > 0 ? n / d : 0)}')
overall=$(awk -v n="$((apps_final - warm))" -v d="$DURATION" -v e="$drain" 'BEGIN {printf "%.1f", n / (d + e)}')

grep -E '^(signup_latency|Latency|Requests/sec)' "$DIR/wrk.txt" | sed 's/^/  /' || true
grep -E 'intake' "$DIR/err.log" | sed 's/^/  server: /' || true
RESULTS=${BENCH_RESULTS:-build/bench/results.txt}
mkdir -p "$(dirname "$RESULTS")"
{
	echo "signup_created $created (in ${DURATION}s, $CONNECTIONS connections, $SERVER_THREADS server threads; $errors non-201)"
	echo "signup_durable_per_second $rate (intake rows committed before the 201; target >= 10000)"
	echo "raw_durable_inserts_per_second $raw"
	echo "signup_vs_raw_ratio $ratio (target >= 1.0)"
	echo "signup_completed_during_run $during ($during_rate/s while the load ran)"
	echo "signup_intake_backlog_at_end $waiting_end (drained in ${drain}s: $after_rate/s)"
	echo "signup_completed_per_second $overall (every 201 written in full, over run + drain)"
	echo "signup_rows_stored $stored (applications, and $left still in the intake)"
} | tee -a "$RESULTS"
status=0
if [ "$stored" -lt "$created" ]; then
	echo "FAIL: $created sign-ups were answered 201 but only $stored are stored" >&2
	status=1
fi
awk -v r="$rate" 'BEGIN {exit !(r >= 10000)}' || echo "below target: $rate sign-ups/s < 10000"
awk -v x="$ratio" 'BEGIN {exit !(x >= 1.0)}' || echo "below target: ratio $ratio < 1.0"
exit $status
