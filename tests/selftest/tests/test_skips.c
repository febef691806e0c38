/* Fixture for tests/suite-selftest.sh, standing for a unit test source:
 * its binary runs 3 tests: 2 pass, 1 skips and says why. */
