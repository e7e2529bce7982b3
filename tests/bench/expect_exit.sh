#!/bin/sh
# expect_exit.sh CODE PATTERN COMMAND...: runs COMMAND, passes when it exits with CODE and its
# output matches the extended regex PATTERN ("" matches anything). Prints the output always.
code=$1; pattern=$2; shift 2
case $code in ''|*[!0-9]*) echo "expect_exit.sh: CODE must be an exit status, not '$code'"; exit 1 ;; esac
out=$("$@" 2>&1); rc=$?
printf '%s\n' "$out"
if [ "$rc" -ne "$code" ]; then echo "expected exit $code, got $rc"; exit 1; fi
if [ -n "$pattern" ] && ! printf '%s\n' "$out" | grep -Eq "$pattern"; then
  echo "output does not match: $pattern"; exit 1
fi
exit 0
