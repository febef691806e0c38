/* Fixture for tests/suite-selftest.sh, standing for a unit test source:
 * its binary runs 2 tests: 1 passes, 1 fails. */
