/* Fixture for tests/suite-selftest.sh: stands for a unit test source whose binary runs 2 tests: 1 passes, 1 fails. */
