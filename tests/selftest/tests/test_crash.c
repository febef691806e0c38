/* Fixture for tests/suite-selftest.sh, standing for a unit test source:
 * its binary dies of a signal in its second test, before
 * cmocka's summary. */
