#!/usr/bin/env bash
# bench/sweep.sh [BINARY] - the hourly sweep (inactivity, license term, staff digest) over
# 1,000,000 learners; fails when a routine sweep takes more than 10 s.
#
# A fresh database gets LEARNERS learners (the hidden `skillgate test-learning bench`), all
# active; their last activity is spread over the last 60 days, so about one in a hundred is
# due for a reminder and some for removal, as on any day. `skillgate sweep --now` then runs:
#   routine    a day far from the term's end: reminders and removals only
#   again      the same hour once more: nothing is due, everything is read
#   notices    (NOTICES=1 only) 25 days before the term's end: every active learner is told
#              once, one e-mail each, so its time is the outbox's write rate (reported, not
#              limited: it happens once a term)
# Prints `sweep_routine_seconds N`, `sweep_again_seconds N` (and `sweep_notices_seconds N`)
# and ends with "sweep: ok" or "sweep: FAILED …". LEARNERS, LIMIT (seconds) and NOTICES can
# be set in the environment.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(realpath "${1:-$ROOT/build/skillgate}")
LEARNERS=${LEARNERS:-1000000}
LIMIT=${LIMIT:-10}

[ -x "$BIN" ] || { echo "sweep: no binary at $BIN (run make)" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/skillgate-bench-sweep.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DB="$WORK/bench.db"
"$BIN" --db "$DB" migrate >/dev/null
t0=$(date +%s)
"$BIN" --db "$DB" test-learning bench "$LEARNERS" 1 >/dev/null
echo "sweep: $LEARNERS learners written in $(($(date +%s) - t0)) s" >&2
NOW=2027-06-01T12:00:00Z
python3 - "$DB" "$NOW" <<'PY'
import sqlite3, sys
db, now = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db)
# a day like any other: everyone was active within the last 29 days, except one learner in a
# hundred, inactive 31 days (a reminder is due), and one in five hundred, inactive 50 days and
# reminded 20 days ago (a removal is due)
c.execute("UPDATE learners SET activated_at = '2027-01-01T00:00:00Z', reminded_at = NULL, "
          "last_activity_at = strftime('%Y-%m-%dT%H:%M:%SZ', ?, '-' || (id % 41760) || ' minutes')",
          (now,))
c.execute("UPDATE learners SET last_activity_at = strftime('%Y-%m-%dT%H:%M:%SZ', ?, '-31 days') "
          "WHERE id % 100 = 1", (now,))
c.execute("UPDATE learners SET last_activity_at = strftime('%Y-%m-%dT%H:%M:%SZ', ?, '-50 days'), "
          "reminded_at = strftime('%Y-%m-%dT%H:%M:%SZ', ?, '-20 days') WHERE id % 500 = 3",
          (now, now))
c.execute("UPDATE settings SET value = '2027-12-31' WHERE key = 'license_term_end'")
c.execute("INSERT INTO settings (key, value, updated_at) SELECT 'license_term_end', "
          "'2027-12-31', ? WHERE NOT EXISTS (SELECT 1 FROM settings WHERE key = 'license_term_end')",
          (now,))
c.commit()
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the sweeps start from a settled database
PY

run() { # label, --now time: prints seconds
	local t0 t1
	t0=$(date +%s.%N)
	"$BIN" --db "$DB" sweep --now "$2" >"$WORK/$1.out"
	t1=$(date +%s.%N)
	python3 -c "print(f'{$t1 - $t0:.2f}')"
}

status=ok
routine=$(run routine "$NOW")
echo "sweep_routine_seconds $routine ($(tr '\n' ';' <"$WORK/routine.out"))"
again=$(run again 2027-06-01T13:00:00Z)
echo "sweep_again_seconds $again"
if [ "${NOTICES:-0}" = 1 ]; then
	notices=$(run notices 2027-12-06T12:00:00Z)
	echo "sweep_notices_seconds $notices ($(grep 'license term' "$WORK/notices.out"))"
fi
for v in "$routine" "$again"; do
	if python3 -c "import sys; sys.exit(0 if $v <= $LIMIT else 1)"; then :; else
		status="FAILED (a routine sweep took more than $LIMIT s)"
	fi
done
echo "sweep: $status"
[ "$status" = ok ]
