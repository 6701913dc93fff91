#!/usr/bin/env bash
# Reads `dotnet test` output on stdin and prints one line for the whole run: `N passed, N failed` and, when any
# test was skipped, `, N skipped`. An assembly whose run aborted (a crashed test host) counts as one failure, and so
# does a non-zero exit of dotnet test with no failed test (a build error): the line never reads "0 failed" for a
# run that did not pass. Usage: dotnet test ... | tee out.log; scripts/test-summary.sh EXIT_CODE < out.log
set -euo pipefail
exit_code=${1:-0}
awk -v exit_code="$exit_code" '
  # VSTest: "Passed!  - Failed:     0, Passed:   884, Skipped:     0, Total:   884, Duration: ..."
  /(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+/ {
    line = $0
    sub(/.*Failed: +/, "", line);  failed += line + 0
    line = $0
    sub(/.*Passed: +/, "", line);  passed += line + 0
    line = $0
    sub(/.*Skipped: +/, "", line); skipped += line + 0
    next
  }
  /Test Run Aborted/ { aborted++ }
  END {
    failed += aborted
    if (aborted > 0) printf "%d test run(s) aborted (counted as failed): see above.\n", aborted
    if (exit_code != 0 && failed == 0) {
      failed = 1
      printf "dotnet test exited %d without a failed test (a build error or a crashed run): counted as 1 failed.\n", exit_code
    }
    out = sprintf("%d passed, %d failed", passed, failed)
    if (skipped > 0) out = out sprintf(", %d skipped", skipped)
    print out
  }'
