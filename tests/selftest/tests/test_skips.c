/* Fixture for tests/suite-selftest.sh: stands for a unit test source whose binary runs 3 tests: 2 pass, 1 skips and says why. */
