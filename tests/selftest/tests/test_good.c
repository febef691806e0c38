/* Fixture for tests/suite-selftest.sh, standing for a unit test source:
 * its binary (build/tests/test_good) runs 3 tests that pass. */
