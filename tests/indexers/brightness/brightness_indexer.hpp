#pragma once
// A test-only indexer (compiled into the tests, never into footage): the mean brightness of
// each sampled frame. It proves that an indexer is one folder plus one registry row: it has its
// own table and migration, is copied by merge, is searched as its own hit kind ("bright") with
// its own filter (--min-brightness), and shows in the report, without a line of footage
// changed for it. docs/adding-an-indexer.md walks through it.
#include "indexers/indexer.hpp"

namespace footage::test::brightness {

// Its registry row (name "brightness", opt-in).
const indexers::IndexerInfo& brightness_indexer_info();

}  // namespace footage::test::brightness
