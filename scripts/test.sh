#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what is missing, restores, checks formatting,
# runs unit, integration and browser tests, and ends with "Tests: N passed, N failed[, N skipped]".
#   --fast  the inner loop: unit and SQLite integration tests only (no formatting check, no PostgreSQL, no browser,
#           none of the tests that start separate app processes).
set -uo pipefail
fast=0
case "${1:-}" in
  --fast) fast=1 ;;
  "") ;;
  *) echo "Usage: scripts/test.sh [--fast]"; exit 2 ;;
esac
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Test processes are short-lived: profile-guided re-JIT costs processor time they never win back.
export DOTNET_TieredPGO=0

# System packages the tests drive for real: Chromium for browser tests, aiosmtpd as the SMTP server, dovecot as the
# IMAP server (the tests start their own on their own ports; a system dovecot the package may start is not used).
missing=()
[ $fast -eq 1 ] || [ -x /usr/bin/chromium ] || missing+=(chromium)
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || missing+=(python3-aiosmtpd)
{ [ -x /usr/sbin/dovecot ] && [ -x /usr/lib/dovecot/imap-login ]; } || missing+=(dovecot-imapd)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { echo "Could not install ${missing[*]}"; echo "Tests: 0 passed, 1 failed"; exit 1; }
fi

fail_early() { echo "$1"; echo "Tests: 0 passed, 1 failed"; exit 1; }

dotnet restore LybuntCrm.sln || fail_early "Restore failed."
dotnet build LybuntCrm.sln --no-restore -c Debug || fail_early "Build failed (warnings are errors)."
format_failed=0
if [ $fast -eq 0 ]; then
  # Code style (file-scoped namespaces, using placement) is enforced by the build itself (EnforceCodeStyleInBuild) and
  # analyzers fail it on any warning, so the formatting check only has whitespace and using order left to verify.
  dotnet format whitespace LybuntCrm.sln --verify-no-changes || { echo "Formatting differs: run 'dotnet format LybuntCrm.sln'."; format_failed=1; }

  export SCREENSHOT_DIR="$results/screenshots"
  # A throw-away PostgreSQL 15 server: the integration suite runs on SQLite and again on PostgreSQL.
  eval "$(bash scripts/postgres.sh start)" || fail_early "Could not start PostgreSQL."
  trap 'bash scripts/postgres.sh stop "$LYBUNT_PG_DIR"' EXIT
fi

status=0
pids=()
run_tests() { # project, result name, extra environment, then dotnet test options; runs in the background, output in a log
  local project=$1 name=$2; shift 2
  local environment=()
  while [ $# -gt 0 ] && [[ $1 == *=* ]]; do environment+=("$1"); shift; done
  env "${environment[@]}" dotnet test "$project" --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" \
    > "$results/$name.log" 2>&1 &
  pids+=("$!:$name")
}
# The passes run side by side: each spends a long tail on tests that run alone (app processes started, killed or
# loaded for a fixed time) while the others keep the two cores busy.
run_tests tests/LybuntCrm.UnitTests unit
if [ $fast -eq 1 ]; then
  # The inner loop leaves the tests that start, kill or load separate app processes (about a minute alone) to the full run.
  run_tests tests/LybuntCrm.IntegrationTests integration-sqlite LYBUNT_TEST_PROVIDER=Sqlite --filter "Runs!=Separate app processes"
else
  # The soak runs 20 s here (a minute by default when run by hand): it still mixes every kind of request and job
  # many times over, and its minute was the largest part of the suite's time.
  run_tests tests/LybuntCrm.IntegrationTests integration-sqlite LYBUNT_TEST_PROVIDER=Sqlite LYBUNT_SOAK_SECONDS=20
  run_tests tests/LybuntCrm.IntegrationTests integration-postgres LYBUNT_TEST_PROVIDER=Postgres
  run_tests tests/LybuntCrm.BrowserTests browser
fi
for entry in "${pids[@]}"; do
  pid=${entry%%:*} name=${entry#*:}
  wait "$pid" || status=1
  echo "== $name"
  cat "$results/$name.log"
done

python3 - "$results" "$format_failed" "$status" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("total", 0)) - int(counters.get("executed", 0))
failed += int(sys.argv[2])
if sys.argv[3] != "0" and failed == 0:
    failed = 1  # a test run that crashed before reporting counts as a failure
    print("A test run ended abnormally without reporting its results.")
line = f"Tests: {passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
PY
summary=$?
[ $status -eq 0 ] && [ $summary -eq 0 ]
