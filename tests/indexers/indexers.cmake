# The test registry (test_registry.cpp) and the indexers compiled into the tests only, one
# folder each (tests/indexers/NAME/, found here), with the test that takes them through index,
# merge, search and report on the generated drive (so in the end-to-end tests). Included by
# tests/search.cmake.
file(GLOB footage_test_indexer_sources CONFIGURE_DEPENDS
    ${CMAKE_CURRENT_SOURCE_DIR}/indexers/*/*.cpp)
target_sources(footage_e2e_tests PRIVATE
    indexers/test_registry.cpp
    indexers/brightness_test.cpp
    ${footage_test_indexer_sources}
)
