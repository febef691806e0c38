#!/bin/sh
# Fixture for tests/suite-selftest.sh: a suite whose 2 cases pass.
echo "PASS one"
echo "PASS two"
exit 0
