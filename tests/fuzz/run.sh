#!/bin/sh
# Runs each libFuzzer target for a while: tests/fuzz/run.sh SECONDS BINARY...
# Seeds come from tests/fuzz/corpus/<target>/ (never written to; tests/fuzz/make_corpus.py
# writes them from realistic data); what the fuzzer finds goes to build-fuzz/corpus/<target>/,
# crashes to build-fuzz/artifacts/. Each run has a memory limit: a single allocation above
# FUZZ_MALLOC_MB (default 128) or a process above FUZZ_RSS_MB (default 1024, of which the
# sanitizers and the realistic database take some 300) is a finding, so memory that grows
# faster than the input shows up here. Prints each target's executions per second, then
# "fuzz: N passed, M failed", and writes "N M" to build/test-results/fuzz.txt.
secs=${1:-10}
shift
passed=0
failed=0
mkdir -p build-fuzz/artifacts build/test-results
for bin in "$@"; do
	name=$(basename "$bin")
	mkdir -p "build-fuzz/corpus/$name"
	seeds="tests/fuzz/corpus/$name"
	[ -d "$seeds" ] || seeds=
	log="build-fuzz/$name.log"
	# shellcheck disable=SC2086
	if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb="${FUZZ_RSS_MB:-1024}" \
		-malloc_limit_mb="${FUZZ_MALLOC_MB:-128}" -print_final_stats=1 \
		-artifact_prefix="build-fuzz/artifacts/$name-" "build-fuzz/corpus/$name" $seeds \
		>"$log" 2>&1; then
		runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
		rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$')
		rss=$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | grep -o '[0-9]*$')
		echo "  ok      $name: ${runs:-?} runs in ${secs}s (${rate:-?}/s), peak RSS ${rss:-?} MB"
		passed=$((passed + 1))
	else
		echo "  FAILED  $name (log: $log)"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written|fuzz harness)' "$log" |
			head -6 | sed 's/^/          /'
		failed=$((failed + 1))
	fi
done
echo "fuzz: $passed passed, $failed failed"
echo "$passed $failed" >build/test-results/fuzz.txt
[ "$failed" -eq 0 ]
