#!/bin/sh
# The lint's own test: each folder here is a small source tree (src/...) that breaks one rule of
# tools/layers.txt or of the output and SQL checks; tools/lint.py must fail on it and print
# every line of its `expect` file. `clean` breaks nothing and must pass.
# Prints "lint-rules: N passed, M failed"; exits non-zero on any failure.
passed=0
failed=0
for dir in tests/lint/*/; do
	name=$(basename "$dir")
	out=$(python3 tools/lint.py --root "$dir" 2>&1)
	rc=$?
	ok=1
	if [ "$name" = clean ]; then
		[ "$rc" -eq 0 ] || ok=0
	else
		[ "$rc" -ne 0 ] || ok=0
		while IFS= read -r want; do
			[ -z "$want" ] && continue
			printf '%s\n' "$out" | grep -qF -- "$want" || {
				echo "lint rule test $name: expected: $want"
				ok=0
			}
		done <"$dir/expect"
	fi
	if [ "$ok" -eq 1 ]; then
		passed=$((passed + 1))
	else
		echo "lint rule test $name FAILED (exit $rc):"
		printf '%s\n' "$out" | sed 's/^/  /'
		failed=$((failed + 1))
	fi
done
echo "lint-rules: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
