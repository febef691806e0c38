#!/bin/sh
# Fixture for tests/suite-selftest.sh: a suite that prints a FAIL line but
# exits 0, as suite-valgrind.sh did (its status is what `make valgrind`
# goes by).
echo "PASS one"
echo "FAIL two: planted by the fixture"
exit 0
