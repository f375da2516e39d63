#pragma once
// Declaring a camera's clock offset: it shifts every later time of the camera, so the change and
// its custody entry ("clock-offset": camera, old and new seconds, operator) are one transaction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lib/catalog/catalog.hpp"
#include "lib/evidence/custody.hpp"

namespace footage::evidence {

inline const std::string kClockOffsetAction = "clock-offset";

// Sets the offset (true time = recorder time + offset) and appends the entry. Throws UsageError
// for an unknown camera. The entry's old_seconds is null when no offset had been declared;
// `how`, when not null, says how the offset was established (the entry's "how": e.g. measured
// from the burned-in clock, {"source": "osd", "recordings": N}).
CustodyEntry declare_clock_offset(catalog::Catalog& catalog, const std::string& camera_id,
                                  int64_t offset_us, const std::string& operator_name,
                                  int64_t time_us, const nlohmann::json& how = nullptr);

// The "clock-offset" entries of `camera_id`, oldest first.
std::vector<CustodyEntry> clock_offset_entries(const std::vector<CustodyEntry>& log,
                                               const std::string& camera_id);

}  // namespace footage::evidence
