#!/bin/sh
# tests/summary.sh - the closing line of `make test`.
#
#   sh tests/summary.sh [TIER...]
#
# Reads build/test-results/<tier>.txt ("PASSED FAILED", written by each tier's runner), prints
# one line per tier and then "N passed, M failed". TIERs named on the command line must have
# a result file: a tier that should have run but left none counts as one failure. Without
# arguments every result file present is summed, and at least one must exist.
# Exits 1 when anything failed or is missing.
dir=${RESULTS_DIR:-build/test-results}
passed=0
failed=0
missing=0

tier_line() { # tier file
	# shellcheck disable=SC2046 # the two numbers are meant to split
	set -- "$1" "$2" $(cat "$2" 2>/dev/null)
	case "${3:-x} ${4:-x}" in
	*[!0-9\ ]* | *' '*' '*)
		echo "$1: unreadable result file $2: $(head -c 80 "$2" 2>/dev/null)"
		failed=$((failed + 1))
		return
		;;
	esac
	echo "$1: $3 passed, $4 failed"
	passed=$((passed + $3))
	failed=$((failed + $4))
}

if [ $# -gt 0 ]; then
	for tier in "$@"; do
		if [ -f "$dir/$tier.txt" ]; then
			tier_line "$tier" "$dir/$tier.txt"
		else
			echo "$tier: did not run (no $dir/$tier.txt)"
			missing=$((missing + 1))
		fi
	done
	# tiers that ran without being asked for still count
	for f in "$dir"/*.txt; do
		[ -f "$f" ] || continue
		tier=$(basename "$f" .txt)
		case " $* " in *" $tier "*) continue ;; esac
		tier_line "$tier" "$f"
	done
else
	for f in "$dir"/*.txt; do
		[ -f "$f" ] || continue
		tier_line "$(basename "$f" .txt)" "$f"
	done
	if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
		echo "no test results in $dir"
		missing=1
	fi
fi

failed=$((failed + missing))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
