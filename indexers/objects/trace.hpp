#pragma once
// `footage trace HIT_ID`: from one object hit, the chain of most similar sightings of its class
// forward (and back) in time across cameras, each step chosen by its look (like_search.hpp) among
// the sightings that begin within --within of the step before it. It proposes; the investigator
// decides from each step's picture and similarity.
#include "lib/catalog/catalog.hpp"
#include "lib/search/query.hpp"

namespace footage::indexers::objects {

// The default floor of similarity (0..1) under which the chain stops: on vtest.avi the other
// sighting of the same person scores above it for most people, and most other people below.
inline constexpr double kTraceFloor = 0.8;

// Throws ParseError for text that is not a hit ID, UsageError for a motion hit's ID, a hit the
// catalog does not have (or whose recording has no appearances: index --objects again), a
// floor outside 0..1, a negative --within or fewer than one step.
search::Trace trace(catalog::Catalog& catalog, const search::TraceQuery& query);

}  // namespace footage::indexers::objects
