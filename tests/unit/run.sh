#!/bin/sh
# Runs the cmocka unit test binaries given as arguments and counts their tests.
# Writes "passed failed" to build/test-results/$TIER.txt (TIER defaults to "unit").
tier=${TIER:-unit}
mkdir -p build/test-results
passed=0
failed=0
for t in "$@"; do
	out=$("$t" 2>&1)
	rc=$?
	p=$(printf '%s\n' "$out" | grep -c '^\[       OK \]')
	# cmocka names a failed test twice (inline and in its summary): count names once
	f=$(printf '%s\n' "$out" | grep '^\[  FAILED  \] [a-z_0-9]*$' | sort -u | wc -l)
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # crashed or failed before reporting a test
	fi
	if [ "$f" -ne 0 ]; then
		printf '%s\n' "$out" | grep -vE '^\[ (RUN|      OK) ' | head -60
		echo "FAILED: $t"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "$tier: $passed passed, $failed failed"
echo "$passed $failed" >"build/test-results/$tier.txt"
[ "$failed" -eq 0 ]
