#!/bin/sh
# Fixture for tests/suite-selftest.sh: a suite that stops with status 3
# after one case and prints no FAIL line (a crash of the suite itself).
echo "PASS one"
echo "something went wrong in the suite's own code" >&2
exit 3
