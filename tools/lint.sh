#!/bin/sh
# make lint: the code check (raw HTML output, SQL building, the layer table), the lint's own
# rule tests (tests/lint/) and the formatting check.
mkdir -p build/test-results
passed=0
failed=0
if python3 tools/lint.py; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
if sh tests/lint/run.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
files=$(find src tests/unit tools -name '*.[ch]' | sort)
# shellcheck disable=SC2086
bad=$(for f in $files; do clang-format --style=file "$f" | cmp -s - "$f" || echo "$f"; done)
if [ -z "$bad" ]; then
	passed=$((passed + 1))
else
	echo "formatting differs from .clang-format (run 'make fmt'):"
	echo "$bad" | sed 's/^/  /'
	failed=$((failed + 1))
fi
echo "lint: $passed passed, $failed failed"
echo "$passed $failed" >build/test-results/lint.txt
[ "$failed" -eq 0 ]
