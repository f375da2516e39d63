#include "lib/report/custody_text.hpp"

#include <cstdio>

namespace footage::report {

namespace {

std::string text_of(const nlohmann::json& details, const char* key) {
    const nlohmann::json value = details.value(key, nlohmann::json());
    if (value.is_string()) {
        return value.get<std::string>();
    }
    return value.is_null() ? std::string() : value.dump();
}

void add_hash(CustodyText& text, const std::string& label, const nlohmann::json& details,
              const char* key) {
    const std::string hash = text_of(details, key);
    if (hash.size() == 64) {
        text.hashes.emplace_back(label, hash);
    }
}

// How an acquisition's camera was learnt, for people; "" for entries from before it was
// recorded.
std::string camera_learnt(const std::string& source) {
    if (source == "folder") {
        return " (named by its folder)";
    }
    if (source == "declared") {
        return " (declared)";
    }
    if (source == "stream") {
        return " (the channel in its frame headers)";
    }
    if (source.starts_with("name:")) {
        return " (from its file name, pattern " + source.substr(5) + ")";
    }
    return "";
}

}  // namespace

std::string offset_seconds_text(const nlohmann::json& seconds) {
    if (!seconds.is_number()) {
        return "none";
    }
    char text[32];
    std::snprintf(text, sizeof text, "%+.3g s", seconds.get<double>());
    return seconds.get<double>() == 0.0 ? std::string("0 s") : std::string(text);
}

CustodyText custody_text(const evidence::CustodyEntry& entry) {
    const nlohmann::json& d = entry.details;
    CustodyText text;
    if (!d.is_object()) {
        text.what = "(details unreadable)";
        return text;
    }
    if (entry.action == "acquire") {
        text.what = "Recording " + text_of(d, "path") + " of camera " + text_of(d, "camera") +
                    camera_learnt(text_of(d, "camera_source")) + " taken into the catalog (" +
                    text_of(d, "size") + " bytes)";
        if (!text_of(d, "replaces_sha256").empty()) {
            text.what += "; it replaces an earlier version of the file";
        }
        add_hash(text, "SHA-256 of the recording", d, "sha256");
        add_hash(text, "SHA-256 it replaces", d, "replaces_sha256");
    } else if (entry.action == "clip") {
        text.what = "Evidence bag " + text_of(d, "bag") + " cut from camera " +
                    text_of(d, "camera") +
                    (text_of(d, "case").empty() ? "" : " for case " + text_of(d, "case"));
        if (d.contains("sources") && d["sources"].is_array()) {
            for (const nlohmann::json& source : d["sources"]) {
                if (source.is_object()) {
                    add_hash(text, "SHA-256 of source " + text_of(source, "path"), source,
                             "sha256");
                }
            }
        }
    } else if (entry.action == "verify") {
        const bool intact = d.value("intact", false);
        text.what = "Checked " + text_of(d, "path") + " (" + text_of(d, "kind") + "): " +
                    (intact ? "intact" : "NOT intact, " + text_of(d, "problems") + " problem(s)");
    } else if (entry.action == "export") {
        text.what =
            "Report " + text_of(d, "report") + " written (" + text_of(d, "hits") + " hit(s))";
        add_hash(text, "SHA-256 of report.json", d, "report_json_sha256");
        add_hash(text, "SHA-256 of index.html", d, "index_html_sha256");
    } else if (entry.action == "merge") {
        text.what = "Catalog shard " + text_of(d, "shard") + " merged (" +
                    text_of(d, "recordings_added") + " recording(s) added)";
        add_hash(text, "SHA-256 of the shard", d, "shard_sha256");
    } else if (entry.action == "repair") {
        const nlohmann::json broken = d.value("broken", nlohmann::json::object());
        const nlohmann::json like = d.value("like", nlohmann::json::object());
        const nlohmann::json repaired = d.value("repaired", nlohmann::json::object());
        text.what = "Recording " + text_of(broken, "path") +
                    ", cut by a power failure, rebuilt without re-encoding as " +
                    text_of(repaired, "path") + " (" + text_of(d, "frames") +
                    " pictures) with the codec parameters of " + text_of(like, "path");
        add_hash(text, "SHA-256 of the cut recording", broken, "sha256");
        add_hash(text, "SHA-256 of the healthy recording used", like, "sha256");
        add_hash(text, "SHA-256 of the rebuilt recording", repaired, "sha256");
    } else if (entry.action == "clock-offset") {
        const nlohmann::json old_seconds = d.value("old_seconds", nlohmann::json());
        const nlohmann::json new_seconds = d.value("new_seconds", nlohmann::json());
        text.what =
            "Clock offset of camera " + text_of(d, "camera") +
            (old_seconds.is_number() ? " changed from " + offset_seconds_text(old_seconds) + " to "
                                     : std::string(" declared: ")) +
            offset_seconds_text(new_seconds) +
            " (true time = recorder time + offset); every later time of the camera "
            "moves with it";
    } else {
        for (const auto& [key, value] : d.items()) {
            if (value.is_string() && value.get<std::string>().size() == 64) {
                text.hashes.emplace_back(key, value.get<std::string>());
                continue;
            }
            text.what += (text.what.empty() ? "" : "; ") + key + ": " +
                         (value.is_string() ? value.get<std::string>()
                                            : value.dump(-1, ' ', false,
                                                         nlohmann::json::error_handler_t::replace));
        }
    }
    return text;
}

}  // namespace footage::report
