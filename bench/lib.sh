# shellcheck shell=bash
# bench/lib.sh - measure skillgate pages against nginx serving a file of the same size,
# both on loopback, in the same run. Sourced by bench/run.sh (and, for the helpers at its end,
# by staff.sh and osos.sh); a later benchmark adds one line:
#
#   bench_path NAME PATH TARGET [WRK_ARGS...]
#
# e.g. `bench_path explore "/explore?q=data" 0.40` or, for a POST script,
#      `SIZE_PATH=/signup bench_path signup /signup 0.10 -s bench/signup-form.lua`
# It runs wrk against http://skillgate/PATH and against nginx serving a static file as large
# as skillgate's GET PATH body (or SIZE_PATH's, or SIZE_BYTES), and records
#   NAME: skillgate R1 req/s, nginx R2 req/s (N bytes)
#   NAME/nginx = X.XX (target >= TARGET)
# wrk runs with the WRK_ARGS given (a Lua script: -s FILE) against skillgate only.
#
# Environment: BENCH_SECONDS (default 5), BENCH_THREADS (wrk -t, 2), BENCH_CONNECTIONS
# (wrk -c, 32), BENCH_WARMUP (seconds, 1), BENCH_NGINX_WORKERS (auto), BENCH_NGINX_SENDFILE (off),
# BENCH_ACCESS_LOG (off: skillgate logs no requests, as nginx here; "on" keeps its log).
#
# Everything runs in a temporary directory that bench_stop removes; bench_stop is trapped on
# exit, so no server outlives the script.

BENCH_SECONDS=${BENCH_SECONDS:-5}
BENCH_THREADS=${BENCH_THREADS:-2}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-32}
BENCH_WARMUP=${BENCH_WARMUP:-1}
BENCH_NGINX_WORKERS=${BENCH_NGINX_WORKERS:-auto}
BENCH_ACCESS_LOG=${BENCH_ACCESS_LOG:-off}
# nginx at its best here: for files of a few KB, sendfile off measured ~1.7x faster on this
# project's 2-core VMs (set BENCH_NGINX_SENDFILE=on to compare)
BENCH_NGINX_SENDFILE=${BENCH_NGINX_SENDFILE:-off}
BENCH_RESULTS=${BENCH_RESULTS:-build/bench/results.txt}

BENCH_DIR=""
SG_PID=""
NGINX_PID=""
SG_URL=""
NGINX_URL=""
BENCH_BELOW=0

bench_free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

bench_log() {
	echo "$*"
	echo "$*" >>"$BENCH_RESULTS"
}

# Waits until URL/healthz-like path answers 2xx (up to 10 s).
bench_wait_http() {
	local url=$1 _
	for _ in $(seq 100); do
		curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "bench: $url did not answer within 10s" >&2
	return 1
}

# bench_start BINARY: a fresh seeded skillgate and an nginx, each on a free loopback port.
bench_start() {
	local bin=$1 port nport
	for tool in wrk nginx curl; do
		command -v "$tool" >/dev/null || { echo "bench: $tool is missing (make deps-test)" >&2; return 1; }
	done
	[ -x "$bin" ] || { echo "bench: no executable at $bin (make first)" >&2; return 1; }
	BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/skillgate-bench.XXXXXX")
	mkdir -p "$BENCH_DIR/www" "$BENCH_DIR/nginx-tmp" "$(dirname "$BENCH_RESULTS")"

	# skillgate, with a fresh database
	port=$(bench_free_port)
	SG_URL="http://127.0.0.1:$port"
	local db=$BENCH_DIR/db.sqlite3
	SKILLGATE_MAIL_DIR=$BENCH_DIR/mail "$bin" migrate --db "$db" >"$BENCH_DIR/migrate.log" 2>&1 ||
		{ echo "bench: migrate failed:" >&2; cat "$BENCH_DIR/migrate.log" >&2; return 1; }
	SKILLGATE_MAIL_DIR=$BENCH_DIR/mail "$bin" seed --db "$db" >"$BENCH_DIR/seed.log" 2>&1 ||
		{ echo "bench: seed failed:" >&2; cat "$BENCH_DIR/seed.log" >&2; return 1; }
	SKILLGATE_MAIL_DIR=$BENCH_DIR/mail SKILLGATE_ACCESS_LOG=$BENCH_ACCESS_LOG \
		"$bin" serve --db "$db" --listen "127.0.0.1:$port" --base-url "$SG_URL" \
		>"$BENCH_DIR/skillgate.out" 2>"$BENCH_DIR/skillgate.err" &
	SG_PID=$!
	bench_wait_http "$SG_URL/healthz" || { cat "$BENCH_DIR/skillgate.err" >&2; return 1; }

	# nginx, as the current user, from a generated config; serves $BENCH_DIR/www
	nport=$(bench_free_port)
	NGINX_URL="http://127.0.0.1:$nport"
	local user_line=""
	[ "$(id -u)" -eq 0 ] && user_line="user root;"
	cat >"$BENCH_DIR/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes $BENCH_NGINX_WORKERS;
pid $BENCH_DIR/nginx.pid;
error_log $BENCH_DIR/nginx-error.log warn;
$user_line
events { worker_connections 4096; }
http {
	access_log off;
	sendfile $BENCH_NGINX_SENDFILE;
	tcp_nopush on;
	tcp_nodelay on;
	keepalive_timeout 65;
	keepalive_requests 1000000;
	client_body_temp_path $BENCH_DIR/nginx-tmp/body;
	proxy_temp_path $BENCH_DIR/nginx-tmp/proxy;
	fastcgi_temp_path $BENCH_DIR/nginx-tmp/fastcgi;
	uwsgi_temp_path $BENCH_DIR/nginx-tmp/uwsgi;
	scgi_temp_path $BENCH_DIR/nginx-tmp/scgi;
	default_type text/html;
	server {
		listen 127.0.0.1:$nport;
		root $BENCH_DIR/www;
		location / { }
	}
}
EOF
	echo ok >"$BENCH_DIR/www/healthz"
	nginx -p "$BENCH_DIR" -c "$BENCH_DIR/nginx.conf" -e "$BENCH_DIR/nginx-error.log" &
	NGINX_PID=$!
	bench_wait_http "$NGINX_URL/healthz" || { cat "$BENCH_DIR/nginx-error.log" >&2; return 1; }
}

# Stops both servers (SIGTERM; skillgate must exit 0) and removes the temporary directory.
bench_stop() {
	local status=0
	if [ -n "$SG_PID" ] && kill -0 "$SG_PID" 2>/dev/null; then
		kill -TERM "$SG_PID"
		if ! wait "$SG_PID"; then
			echo "bench: skillgate did not exit 0 on SIGTERM; its stderr ends:" >&2
			tail -n 20 "$BENCH_DIR/skillgate.err" >&2
			status=1
		fi
	fi
	SG_PID=""
	if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
		kill -QUIT "$NGINX_PID" # graceful: the master stops its workers
		wait "$NGINX_PID" 2>/dev/null || true
	fi
	NGINX_PID=""
	[ -n "$BENCH_DIR" ] && rm -rf "$BENCH_DIR"
	BENCH_DIR=""
	return $status
}

# bench_wrk URL [WRK_ARGS...]: prints requests per second; fails on errors or non-2xx/3xx.
bench_wrk() {
	local url=$1 out
	shift
	out=$BENCH_DIR/wrk.$RANDOM.txt
	if [ "$BENCH_WARMUP" != 0 ]; then
		wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"${BENCH_WARMUP}s" "$@" "$url" >/dev/null 2>&1 || true
	fi
	wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"${BENCH_SECONDS}s" --latency "$@" "$url" >"$out" 2>&1 || {
		echo "bench: wrk failed on $url:" >&2
		cat "$out" >&2
		return 1
	}
	if grep -qE '^ *(Non-2xx or 3xx responses|Socket errors):' "$out"; then
		echo "bench: $url answered with errors, so its rate means nothing:" >&2
		grep -E '^ *(Non-2xx or 3xx responses|Socket errors):' "$out" >&2
		[ -n "${BENCH_ALLOW_ERRORS:-}" ] || return 1
	fi
	grep -E '^ +(50|99)%' "$out" | awk '{sub("%","",$1); printf "  latency p%s %s\n", $1, $2}' >&2
	awk '/^Requests\/sec:/ {print $2}' "$out"
}

# bench_path NAME PATH TARGET [WRK_ARGS...] - see the top of this file.
bench_path() {
	local name=$1 path=$2 target=$3 size file sg ng ratio verdict
	shift 3
	file=$BENCH_DIR/www/$name.html
	if [ -n "${SIZE_BYTES:-}" ]; then
		size=$SIZE_BYTES
		head -c "$size" /dev/zero | tr '\0' 'x' >"$file"
	else
		curl -fsS -o "$file" "$SG_URL${SIZE_PATH:-$path}" ||
			{ echo "bench: GET ${SIZE_PATH:-$path} failed" >&2; return 1; }
		size=$(wc -c <"$file")
	fi
	echo "$name: GET $path, $BENCH_SECONDS s, $BENCH_CONNECTIONS connections, $BENCH_THREADS wrk threads" >&2
	echo "  skillgate:" >&2
	sg=$(bench_wrk "$SG_URL$path" "$@") || return 1
	echo "  nginx (static file of $size bytes):" >&2
	ng=$(bench_wrk "$NGINX_URL/$name.html") || return 1
	ratio=$(awk -v a="$sg" -v b="$ng" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
	if awk -v r="$ratio" -v t="$target" 'BEGIN {exit !(r >= t)}'; then
		verdict=ok
	else
		verdict="BELOW TARGET"
		BENCH_BELOW=$((BENCH_BELOW + 1))
	fi
	bench_log "$name: skillgate $sg req/s, nginx $ng req/s ($size bytes)"
	bench_log "$name/nginx = $ratio (target >= $target) $verdict"
}

# The scripts that time one server from its own access log (staff.sh, osos.sh) share these:
#
#   bench_tmp NAME                  a temporary directory BENCH_TMP (removed on exit, with the
#                                   server below if it still runs) holding the database
#                                   (SKILLGATE_DB) and the mail (SKILLGATE_MAIL_DIR), and a free
#                                   loopback port BENCH_PORT (or PORT)
#   bench_measure BINARY SCRIPT     serves that database with SERVER_THREADS threads (default 4),
#                                   runs SCRIPT (a bench/*.py that reads the access log) for one
#                                   round to warm the page cache, then for ROUNDS rounds (default
#                                   20) on a fresh log; prints its result and keeps it in
#                                   $BENCH_TMP/result.txt; stops the server, which must exit 0
#   bench_p99 LABEL KEY             says whether the result's KEY line is within TARGET_MS
#                                   (default 50); returns 1 when it is over
BENCH_TMP=""
BENCH_TMP_PID=""
# the staff bench's generated people: staff.sh makes and keeps them, osos.sh starts from them
STAFF_N=${STAFF_N:-100000}
# shellcheck disable=SC2034 # read by staff.sh and osos.sh
BENCH_STAFF_CACHE=build/bench/staff-$STAFF_N-v2.sqlite3

bench_tmp_cleanup() {
	if [ -n "$BENCH_TMP_PID" ] && kill -0 "$BENCH_TMP_PID" 2>/dev/null; then
		kill "$BENCH_TMP_PID"
		wait "$BENCH_TMP_PID" 2>/dev/null || true
	fi
	BENCH_TMP_PID=""
	[ -n "$BENCH_TMP" ] && rm -rf "$BENCH_TMP"
	BENCH_TMP=""
}

bench_tmp() {
	BENCH_PORT=${PORT:-$(bench_free_port)}
	BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/skillgate-bench-$1.XXXXXX")
	trap bench_tmp_cleanup EXIT
	export SKILLGATE_DB=$BENCH_TMP/db.sqlite3 SKILLGATE_MAIL_DIR=$BENCH_TMP/mail
}

bench_measure() {
	local bin=$1 script=$2 url="http://127.0.0.1:$BENCH_PORT"
	SKILLGATE_THREADS=${SERVER_THREADS:-4} "$bin" serve --listen "127.0.0.1:$BENCH_PORT" \
		>"$BENCH_TMP/out.log" 2>>"$BENCH_TMP/access.log" &
	BENCH_TMP_PID=$!
	bench_wait_http "$url/healthz" || return 1
	python3 "$script" "$url" "$BENCH_TMP/access.log" 1 >/dev/null
	: >"$BENCH_TMP/access.log"
	python3 "$script" "$url" "$BENCH_TMP/access.log" "${ROUNDS:-20}" | tee "$BENCH_TMP/result.txt"
	kill "$BENCH_TMP_PID"
	wait "$BENCH_TMP_PID" || { echo "bench: the server did not stop cleanly" >&2; return 1; }
	BENCH_TMP_PID=""
}

bench_p99() {
	local label=$1 key=$2 target=${TARGET_MS:-50} p99
	p99=$(awk -v k="$key" '$1 == k {print $2}' "$BENCH_TMP/result.txt")
	if awk -v p="$p99" -v t="$target" 'BEGIN {exit !(p <= t)}'; then
		echo "$label p99 $p99 ms <= $target ms target: ok"
	else
		echo "$label p99 $p99 ms is over the $target ms target"
		return 1
	fi
}
