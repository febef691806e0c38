/* Fixture for tests/suite-selftest.sh, standing for a unit test source:
 * it has no binary: run-all.sh must say so and fail. */
