#pragma once
// What a run of `footage index` keeps in the catalog for the next runs: the indexers asked for
// (remembered: a later plain `index` applies them too), the zone file names are read in, the
// date order; and what a change of zone leaves behind.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lib/catalog/catalog.hpp"
#include "lib/timecode/zone.hpp"

namespace footage::ingest {

// The indexers the run applies, by name in `on` order. `on` holds every indexer's switch (its
// default unless given); `given` names those set on the command line (--NAME, --no-NAME). One
// given is on or off as given; one not given is on when on by default or when the catalog
// remembers it from an earlier run.
std::vector<std::string> chosen_indexers(catalog::Catalog& catalog,
                                         const std::map<std::string, bool>& on,
                                         const std::set<std::string>& given);

// Remembers `chosen` as the indexers of the next plain run (one switched off is forgotten).
void remember_indexers(catalog::Catalog& catalog, const std::vector<std::string>& chosen);

// Stores the zone names are read in when it was given (--tz) or the catalog had none, and the
// date order when given ("dmy", "mdy"; empty: not given). Returns the zone the catalog held
// before (none: a new catalog, or one never told).
std::optional<std::string> remember_zone(catalog::Catalog& catalog, const timecode::Zone& zone,
                                         bool given, const std::string& date_order);

// Usable recordings whose start was read from their name in `zone_name`: after the catalog's
// zone changed, those outside the paths indexed again still have times read in the old one.
int64_t timed_in_zone(catalog::Catalog& catalog, const std::string& zone_name);

}  // namespace footage::ingest
