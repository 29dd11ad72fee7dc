#!/bin/sh
# Runs each libFuzzer target for a few seconds: tests/fuzz/run.sh SECONDS BINARY...
# Seeds come from tests/fuzz/corpus/<target>/ (never written to); what the fuzzer finds goes to
# build-fuzz/corpus/<target>/, crashes to build-fuzz/artifacts/. Prints "fuzz: N passed, M failed".
secs=${1:-10}
shift
passed=0
failed=0
mkdir -p build-fuzz/artifacts
for bin in "$@"; do
	name=$(basename "$bin")
	mkdir -p "build-fuzz/corpus/$name"
	seeds="tests/fuzz/corpus/$name"
	[ -d "$seeds" ] || seeds=
	log="build-fuzz/$name.log"
	# shellcheck disable=SC2086
	if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
		-artifact_prefix="build-fuzz/artifacts/$name-" "build-fuzz/corpus/$name" $seeds \
		>"$log" 2>&1; then
		runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
		echo "  ok      $name: ${runs:-?} runs in ${secs}s"
		passed=$((passed + 1))
	else
		echo "  FAILED  $name (log: $log)"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' "$log" | head -5 |
			sed 's/^/          /'
		failed=$((failed + 1))
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
