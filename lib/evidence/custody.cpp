#include "lib/evidence/custody.hpp"

#include <unistd.h>

#include <climits>
#include <filesystem>
#include <set>

#include "lib/evidence/sha256.hpp"

namespace footage::evidence {

namespace {

nlohmann::json content_of(const CustodyEntry& entry) {
    return {{"seq", entry.seq},
            {"time_us", entry.time_us},
            {"action", entry.action},
            {"operator", entry.operator_name},
            {"host", entry.host},
            {"details", entry.details},
            {"prev_sha256", entry.prev_sha256}};
}

// JSON text must be UTF-8, and an entry's hash must cover exactly what is stored: names that
// are not UTF-8 (a file name's bytes, $USER) are stored with U+FFFD in place of bad bytes.
nlohmann::json valid_utf8(const nlohmann::json& value) {
    return nlohmann::json::parse(
        value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

nlohmann::json CustodyEntry::to_json() const {
    nlohmann::json out = content_of(*this);
    out["entry_sha256"] = entry_sha256;
    return out;
}

std::string CustodyEntry::computed_sha256() const {
    try {
        return sha256_hex(content_of(*this).dump());
    } catch (const nlohmann::json::type_error&) {
        return "not UTF-8";  // footage never stores such an entry: it was altered
    }
}

std::string host_name() {
    char name[HOST_NAME_MAX + 1] = {};
    if (::gethostname(name, sizeof name - 1) != 0) {
        return "unknown";
    }
    return name;
}

CustodyEntry append_custody(catalog::Catalog& catalog, const std::string& action,
                            const std::string& operator_name, const nlohmann::json& details,
                            int64_t time_us) {
    CustodyEntry entry;
    entry.action = valid_utf8(action).get<std::string>();
    entry.operator_name = valid_utf8(operator_name).get<std::string>();
    entry.host = valid_utf8(host_name()).get<std::string>();
    entry.details = valid_utf8(details);
    entry.time_us = time_us;
    catalog::Statement last =
        catalog.db().prepare("SELECT seq, entry_sha256 FROM custody ORDER BY seq DESC LIMIT 1");
    if (last.step()) {
        entry.seq = last.column_int(0) + 1;
        entry.prev_sha256 = last.column_text(1);
    } else {
        entry.seq = 1;
        entry.prev_sha256 = kGenesisSha256;
    }
    entry.entry_sha256 = entry.computed_sha256();
    catalog.db()
        .prepare(
            "INSERT INTO custody(seq, time_us, action, operator, host, details, prev_sha256, "
            "entry_sha256) VALUES(?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, entry.seq)
        .bind(2, entry.time_us)
        .bind(3, entry.action)
        .bind(4, entry.operator_name)
        .bind(5, entry.host)
        .bind(6, entry.details.dump())
        .bind(7, entry.prev_sha256)
        .bind(8, entry.entry_sha256)
        .run();
    return entry;
}

std::vector<CustodyEntry> custody_log(catalog::Catalog& catalog) {
    std::vector<CustodyEntry> entries;
    catalog::Statement query = catalog.db().prepare(
        "SELECT seq, time_us, action, operator, host, details, prev_sha256, entry_sha256 "
        "FROM custody ORDER BY seq");
    while (query.step()) {
        CustodyEntry entry;
        entry.seq = query.column_int(0);
        entry.time_us = query.column_int(1);
        entry.action = query.column_text(2);
        entry.operator_name = query.column_text(3);
        entry.host = query.column_text(4);
        entry.details = nlohmann::json::parse(query.column_text(5), nullptr, false);
        entry.prev_sha256 = query.column_text(6);
        entry.entry_sha256 = query.column_text(7);
        entries.push_back(std::move(entry));
    }
    return entries;
}

std::optional<CustodyEntry> custody_entry_from_json(const nlohmann::json& value) {
    if (!value.is_object()) {
        return std::nullopt;
    }
    for (const char* field : {"seq", "time_us"}) {
        if (!value.contains(field) || !value[field].is_number_integer()) {
            return std::nullopt;
        }
    }
    for (const char* field : {"action", "operator", "host", "prev_sha256", "entry_sha256"}) {
        if (!value.contains(field) || !value[field].is_string()) {
            return std::nullopt;
        }
    }
    if (!value.contains("details") || value.size() != 8) {
        return std::nullopt;
    }
    CustodyEntry entry;
    entry.seq = value["seq"].get<int64_t>();
    entry.time_us = value["time_us"].get<int64_t>();
    entry.action = value["action"].get<std::string>();
    entry.operator_name = value["operator"].get<std::string>();
    entry.host = value["host"].get<std::string>();
    entry.details = value["details"];
    entry.prev_sha256 = value["prev_sha256"].get<std::string>();
    entry.entry_sha256 = value["entry_sha256"].get<std::string>();
    return entry;
}

std::optional<ChainBreak> check_chain(const std::vector<CustodyEntry>& entries) {
    std::string previous = kGenesisSha256;
    int64_t expected_seq = 1;
    for (const CustodyEntry& entry : entries) {
        if (entry.seq != expected_seq) {
            return ChainBreak{entry.seq, "entry " + std::to_string(expected_seq) + " is missing"};
        }
        if (entry.prev_sha256 != previous) {
            return ChainBreak{entry.seq, "does not link to the entry before it"};
        }
        if (entry.details.is_discarded() || entry.computed_sha256() != entry.entry_sha256) {
            return ChainBreak{entry.seq, "its content does not match its SHA-256 (altered)"};
        }
        previous = entry.entry_sha256;
        ++expected_seq;
    }
    return std::nullopt;
}

std::vector<std::string> custody_gaps(catalog::Catalog& catalog,
                                      const std::vector<CustodyEntry>& entries) {
    std::set<std::pair<std::string, std::string>> acquired;
    std::set<std::string> clipped;
    for (const CustodyEntry& entry : entries) {
        if (!entry.details.is_object()) {
            continue;
        }
        if (entry.action == "acquire") {
            acquired.emplace(entry.details.value("path", ""), entry.details.value("sha256", ""));
        } else if (entry.action == "clip") {
            clipped.insert(entry.details.value("bag", ""));
        }
    }
    std::vector<std::string> gaps;
    for (const catalog::RecordingRow& recording : catalog.recordings()) {
        // Entries hold names as valid UTF-8 (U+FFFD for bad bytes); compare them so.
        if (recording.status == "ok" &&
            acquired.count({valid_utf8(recording.path).get<std::string>(), recording.sha256}) ==
                0) {
            gaps.push_back("recording " + recording.path + " (SHA-256 " +
                           recording.sha256.substr(0, 16) + "…) has no acquisition entry");
        }
    }
    catalog::Statement clips = catalog.db().prepare("SELECT bag_path FROM clips ORDER BY id");
    while (clips.step()) {
        std::string bag = clips.column_text(0);
        if (clipped.count(valid_utf8(std::filesystem::path(bag).filename().string())
                              .get<std::string>()) == 0) {
            gaps.push_back("clip " + bag + " has no clip entry");
        }
    }
    return gaps;
}

}  // namespace footage::evidence
