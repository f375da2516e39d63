#include "lib/ingest/index_settings.hpp"

#include "lib/ingest/ingest.hpp"

namespace footage::ingest {

std::vector<std::string> chosen_indexers(catalog::Catalog& catalog,
                                         const std::map<std::string, bool>& on,
                                         const std::set<std::string>& given) {
    const std::set<std::string> remembered = split_names(catalog.setting("indexers").value_or(""));
    std::vector<std::string> chosen;
    for (const auto& [name, switched_on] : on) {
        if (given.count(name) != 0 ? switched_on : (switched_on || remembered.count(name) != 0)) {
            chosen.push_back(name);
        }
    }
    return chosen;
}

void remember_indexers(catalog::Catalog& catalog, const std::vector<std::string>& chosen) {
    std::string list;
    for (const std::string& name : chosen) {
        list += (list.empty() ? "" : ",") + name;
    }
    catalog.set_setting("indexers", list);
}

std::optional<std::string> remember_zone(catalog::Catalog& catalog, const timecode::Zone& zone,
                                         bool given, const std::string& date_order) {
    std::optional<std::string> stored = catalog.setting("zone");
    if (given || !stored) {
        catalog.set_setting("zone", zone.name());
    }
    if (!date_order.empty()) {
        catalog.set_setting("date_order", date_order);
    }
    return stored;
}

int64_t timed_in_zone(catalog::Catalog& catalog, const std::string& zone_name) {
    int64_t count = 0;
    for (const catalog::RecordingRow& row : catalog.recordings()) {
        count += row.status == "ok" && row.time_source.starts_with("name:") && row.zone == zone_name
                     ? 1
                     : 0;
    }
    return count;
}

}  // namespace footage::ingest
