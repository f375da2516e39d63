#pragma once
// The test registry: indexers compiled into the tests only, added after the built-in ones.
// Call register_test_indexers() at the start of a test that uses them (each test runs in a
// process of its own, so the others never see them).

namespace footage::test {

void register_test_indexers();

}  // namespace footage::test
