/* Fixture for tests/suite-selftest.sh: stands for a unit test source whose binary (build/tests/test_good) runs 3 tests that pass. */
