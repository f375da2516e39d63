#include "tests/indexers/test_registry.hpp"

#include "indexers/indexer.hpp"
#include "tests/indexers/brightness/brightness_indexer.hpp"

namespace footage::test {

void register_test_indexers() { indexers::add_indexer(brightness::brightness_indexer_info()); }

}  // namespace footage::test
