#include "lib/evidence/clock_offset.hpp"

#include "lib/util/error.hpp"

namespace footage::evidence {

CustodyEntry declare_clock_offset(catalog::Catalog& catalog, const std::string& camera_id,
                                  int64_t offset_us, const std::string& operator_name,
                                  int64_t time_us, const nlohmann::json& how) {
    catalog::Transaction transaction(catalog.db());
    std::optional<catalog::CameraRow> camera = catalog.camera(camera_id);
    if (!camera) {
        throw UsageError("no camera " + camera_id);
    }
    const bool declared_before = camera->clock_offset_us != 0 ||
                                 !clock_offset_entries(custody_log(catalog), camera_id).empty();
    catalog.set_clock_offset(camera_id, offset_us);
    nlohmann::json details = {
        {"camera", camera_id},
        {"old_seconds", declared_before
                            ? nlohmann::json(static_cast<double>(camera->clock_offset_us) / 1e6)
                            : nlohmann::json(nullptr)},
        {"new_seconds", static_cast<double>(offset_us) / 1e6}};
    if (!how.is_null()) {
        details["how"] = how;
    }
    CustodyEntry entry =
        append_custody(catalog, kClockOffsetAction, operator_name, details, time_us);
    transaction.commit();
    return entry;
}

std::vector<CustodyEntry> clock_offset_entries(const std::vector<CustodyEntry>& log,
                                               const std::string& camera_id) {
    std::vector<CustodyEntry> entries;
    for (const CustodyEntry& entry : log) {
        if (entry.action == kClockOffsetAction && entry.details.is_object() &&
            entry.details.value("camera", std::string()) == camera_id) {
            entries.push_back(entry);
        }
    }
    return entries;
}

}  // namespace footage::evidence
