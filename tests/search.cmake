# Unit tests of this area: target_sources(footage_unit_tests PRIVATE ...) / target_sources(footage_e2e_tests PRIVATE ...); defined after both executables.
target_sources(footage_unit_tests PRIVATE search_test.cpp)
target_sources(footage_e2e_tests PRIVATE e2e_search_test.cpp)
# footage trace on the shared vtest object index (tests/support/vtest_objects.hpp).
target_sources(footage_e2e_tests PRIVATE e2e_trace_test.cpp)
# The README walk-through's usual mistakes (issue 18), on small clips made by the tests.
target_sources(footage_e2e_tests PRIVATE e2e_walkthrough_test.cpp)
# Indexers compiled into the tests only, and the test registry (docs/adding-an-indexer.md).
include(${CMAKE_CURRENT_SOURCE_DIR}/indexers/indexers.cmake)
