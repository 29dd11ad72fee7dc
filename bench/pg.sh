#!/usr/bin/env bash
# pg.sh - sign-ups, a program page and the explore search on SQLite and on PostgreSQL, in the
# same run on the same data, and their ratios.
#
#   bash bench/pg.sh [BINARY]        (make bench runs it through bench/run.sh)
#
# A throwaway PostgreSQL cluster (tests/lib/pg.py: initdb in a temporary directory, a Unix
# socket, removed at the end) holds a copy of a freshly seeded SQLite database, made with
# `skillgate migrate-data`. Each load then runs for BENCH_SECONDS against
#   sqlite      one server on the SQLite file
#   postgresql  one server on the PostgreSQL copy
#   pg x2       two servers on the PostgreSQL copy, the load split between them; when a second
#               server cannot serve the same database, the line says "skipped:" and why
# Loads: durable sign-ups per second (POST /api/v1/applications, a different person each time,
# every 201 committed before it was answered, bench/signup.lua), GET /programs/SLUG and
# GET /explore?q=data (requests per second); a load that fails (wrk errors on a page) says
# "failed" and the script exits 1. Every server has the same worker threads
# (PG_SERVER_THREADS, default 32: on PostgreSQL each holds a connection).
# Environment: BENCH_SECONDS (5), PG_CONNECTIONS (wrk connections in all, 64),
# PG_SERVER_THREADS (32), and bench/lib.sh's BENCH_THREADS and BENCH_WARMUP.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/skillgate}
# shellcheck source=bench/lib.sh
. bench/lib.sh
CONNS=${PG_CONNECTIONS:-64}
SERVER_THREADS=${PG_SERVER_THREADS:-32}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/skillgate-bench-pg.XXXXXX")
# bench_wrk keeps its output in BENCH_DIR
BENCH_DIR=$DIR
mkdir -p "$(dirname "$BENCH_RESULTS")"
SERVERS=()
PG_PID=""
URL_sq=""
URL_pg1=""
URL_pg2=""

stop_servers() {
	local pid status=0
	for pid in "${SERVERS[@]}"; do
		if kill -0 "$pid" 2>/dev/null; then
			kill -TERM "$pid"
			wait "$pid" || status=1
		fi
	done
	SERVERS=()
	return $status
}

cleanup() {
	stop_servers >/dev/null 2>&1 || true
	if [ -n "$PG_PID" ]; then
		exec 9>&- # the cluster goes when its standard input closes
		wait "$PG_PID" 2>/dev/null || true
	fi
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in wrk curl; do
	command -v "$tool" >/dev/null || { echo "pg.sh: $tool is missing (make deps-test)" >&2; exit 1; }
done
if ! python3 -c 'import sys; sys.path.insert(0, "tests/lib"); import pg; sys.exit(not pg.available())'; then
	bench_log "pg: skipped: PostgreSQL is not installed (make deps-test installs it)"
	exit 0
fi

# ---- the data: a seeded SQLite file and its copy on a throwaway cluster ----------------------
export SKILLGATE_MAIL_DIR=$DIR/mail SKILLGATE_ACCESS_LOG=off
SQ=$DIR/db.sqlite3
"$BIN" migrate --db "$SQ" >/dev/null
"$BIN" seed --db "$SQ" >/dev/null
# the per-address limit would refuse a load from one address; seats for everyone
"$BIN" test-setting signup_rate_per_hour 0 --db "$SQ"
"$BIN" test-setting seats_en 100000000 --db "$SQ"
"$BIN" test-setting seats_es 100000000 --db "$SQ"

mkfifo "$DIR/pg.in"
python3 tests/lib/pg.py <"$DIR/pg.in" >"$DIR/pg.json" 2>"$DIR/pg.err" &
PG_PID=$!
exec 9>"$DIR/pg.in"
for _ in $(seq 600); do
	[ -s "$DIR/pg.json" ] && break
	kill -0 "$PG_PID" 2>/dev/null || break
	sleep 0.1
done
[ -s "$DIR/pg.json" ] || { echo "pg.sh: the PostgreSQL cluster did not start:" >&2; cat "$DIR/pg.err" >&2; exit 1; }
PG=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["url"])' "$DIR/pg.json")
"$BIN" migrate-data --from "$SQ" --to "$PG" >"$DIR/copy.log" 2>&1 ||
	{ echo "pg.sh: migrate-data failed:" >&2; tail -20 "$DIR/copy.log" >&2; exit 1; }

# ---- servers --------------------------------------------------------------------------------
# serve DB NAME: starts a server on a free port; its URL in URL_<NAME>. 1 when it did not come
# up (its stderr is in $DIR/NAME.err).
serve() {
	local db=$1 name=$2 port url
	port=$(bench_free_port)
	url="http://127.0.0.1:$port"
	SKILLGATE_THREADS=$SERVER_THREADS "$BIN" serve --db "$db" --listen "127.0.0.1:$port" \
		--base-url "$url" >"$DIR/$name.out" 2>"$DIR/$name.err" &
	SERVERS+=($!)
	printf -v "URL_$name" '%s' "$url"
	for _ in $(seq 100); do
		curl -fsS -o /dev/null "$url/healthz" 2>/dev/null && return 0
		kill -0 "${SERVERS[-1]}" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# load NAME URL...: requests per second of the load NAME, split over the servers given.
load() {
	local name=$1 n i total=0 rate url wait_all=0
	shift
	n=$#
	i=0
	for url in "$@"; do
		i=$((i + 1))
		case $name in
		signup)
			# the 201s per second (a request that timed out or was refused is no sign-up)
			{
				RUN="$RANDOM$i" wrk -t"$BENCH_THREADS" -c$((CONNS / n)) -d"${BENCH_SECONDS}s" \
					-s bench/signup.lua "$url" >"$DIR/signup.$i" 2>>"$DIR/wrk.log" &&
					awk -v d="$BENCH_SECONDS" '/^signup_requests/ {r = $2}
						/^signup_errors/ {e = $2} END {printf "%.1f\n", (r - e) / d}' \
						"$DIR/signup.$i" >"$DIR/rate.$i"
			} &
			;;
		program)
			BENCH_CONNECTIONS=$((CONNS / n)) bench_wrk "$url/programs/$SLUG" \
				>"$DIR/rate.$i" 2>>"$DIR/wrk.log" &
			;;
		explore)
			BENCH_CONNECTIONS=$((CONNS / n)) bench_wrk "$url/explore?q=data" \
				>"$DIR/rate.$i" 2>>"$DIR/wrk.log" &
			;;
		esac
	done
	for _ in "$@"; do
		wait -n || wait_all=1
	done
	[ "$wait_all" -eq 0 ] || { echo "pg.sh: the $name load failed:" >&2; tail -5 "$DIR/wrk.log" >&2; return 1; }
	for i in $(seq "$n"); do
		rate=$(cat "$DIR/rate.$i")
		total=$(awk -v a="$total" -v b="$rate" 'BEGIN {printf "%.1f", a + b}')
	done
	echo "$total"
}

# drained DB: waits (up to DRAIN_MAX s, default 120) until the sign-ups of an earlier load
# are written in full (the intake is empty), so they do not slow the next load down.
drained() {
	python3 - "$1" "${DRAIN_MAX:-120}" <<'PY'
import sys, time
sys.path.insert(0, "tests/lib")
import pg
deadline = time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    c = pg.connect_any(sys.argv[1], 30)
    left = c.execute("SELECT COUNT(*) FROM signup_intake").fetchone()[0]
    c.close()
    if left == 0:
        break
    time.sleep(0.2)
PY
}

declare -A RATE
LOADS="program explore signup"

# measure SETUP DB URL...: every load against the servers; a load that fails is reported as
# failed and makes the script exit 1, the others still run.
measure() {
	local setup=$1 db=$2 l
	shift 2
	for l in $LOADS; do
		drained "$db"
		RATE[$setup.$l]=$(load "$l" "$@") || { RATE[$setup.$l]=failed; status=1; }
	done
}

status=0
serve "$SQ" sq || { echo "pg.sh: serve on SQLite did not start:" >&2; cat "$DIR/sq.err" >&2; exit 1; }
SLUG=$(curl -fsS "$URL_sq/api/v1/programs?limit=1" |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["slug"])')
measure sqlite "$SQ" "$URL_sq"
stop_servers || { echo "pg.sh: the SQLite server did not stop cleanly" >&2; status=1; }

serve "$PG" pg1 || { echo "pg.sh: serve on PostgreSQL did not start:" >&2; cat "$DIR/pg1.err" >&2; exit 1; }
measure postgresql "$PG" "$URL_pg1"
two=""
if serve "$PG" pg2; then
	measure pg2 "$PG" "$URL_pg1" "$URL_pg2"
else
	two="skipped: a second server on the same PostgreSQL database did not start: $(grep -v '^$' "$DIR/pg2.err" | tail -1 | sed 's/^skillgate: //')"
fi
stop_servers || { echo "pg.sh: a PostgreSQL server did not stop cleanly" >&2; status=1; }

# ---- results --------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else printf "n/a"}'; }
unit() { [ "$1" = signup ] && echo "durable sign-ups/s" || echo "req/s"; }
bench_log "pg: $BENCH_SECONDS s per load, $CONNS connections, $SERVER_THREADS server threads; program page /programs/$SLUG"
for l in signup program explore; do
	sq=${RATE[sqlite.$l]:-failed}
	p1=${RATE[postgresql.$l]:-failed}
	line="pg_$l: sqlite $sq, postgresql $p1 $(unit "$l") (postgresql/sqlite = $(ratio "$p1" "$sq"))"
	if [ -z "$two" ]; then
		p2=${RATE[pg2.$l]:-failed}
		line="$line; two instances on postgresql $p2 (x2/x1 = $(ratio "$p2" "$p1"), x2/sqlite = $(ratio "$p2" "$sq"))"
	fi
	bench_log "$line"
done
[ -z "$two" ] || bench_log "pg two instances: $two"
exit $status
