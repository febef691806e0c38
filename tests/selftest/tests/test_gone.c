/* Fixture for tests/suite-selftest.sh: stands for a unit test source that has no binary: run-all.sh must say so and fail. */
