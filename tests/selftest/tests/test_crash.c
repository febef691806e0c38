/* Fixture for tests/suite-selftest.sh: stands for a unit test source whose binary dies of a signal in its second test, before cmocka's summary. */
