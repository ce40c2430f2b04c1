#!/usr/bin/env bash
# The test command: runs every test and ends with "N passed, N failed" (and skipped) on its own line.
set -uo pipefail
cd "$(dirname "$0")"
results="$(mktemp -d)"
dotnet test CollabScreen.slnx -c Release --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
rc=$?
trx=$(find "$results" -name '*.trx' | head -1)
if [[ -n "$trx" ]]; then
  line=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$line" | grep -o "$1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$(get passed); failed=$(get failed); total=$(get total); executed=$(get executed)
  skipped=$(( total - executed ))
  # Why tests were skipped (PostgreSQL or Chromium missing, ...): each skip reason once, with its count.
  if (( skipped > 0 )); then
    perl -0ne 'while (/outcome="NotExecuted".*?<Message>(.*?)<\/Message>/gs) { $n{$1}++ } END { printf "skipped %d: %s\n", $n{$_}, $_ for sort keys %n }' "$trx" \
      | sed 's/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/'"'"'/g'
  fi
  echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
fi
exit $rc
