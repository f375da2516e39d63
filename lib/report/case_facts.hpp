#pragma once
// The facts a case file states, gathered from the catalog: who made it and how, what each
// camera covered over the period, the hits of the search, the evidence bags of the case (each
// verified again now) and the custody log. Pictures are made separately (hit_pictures.hpp).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "indexers/indexer.hpp"
#include "lib/catalog/catalog.hpp"
#include "lib/catalog/coverage.hpp"
#include "lib/evidence/custody.hpp"
#include "lib/evidence/verify.hpp"
#include "lib/search/search.hpp"

namespace footage::report {

struct ReportRequest {
    search::Query query;               // the same filters as `footage search`
    std::string case_number;           // selects the bags; empty: every bag in the catalog
    std::string operator_name;         // who makes the report
    std::string command_line;          // as typed
    std::filesystem::path public_key;  // checks the bags' signatures; empty: shown, not checked
    int32_t density_bins = 240;
    std::optional<search::Trace> trace;  // `report --trace`: the chain, traced by the caller
};

// A recording the period draws on, as the catalog holds it.
struct SourceRecording {
    std::string path;
    std::string sha256;
    int64_t size = 0;
    catalog::TimeRange wall;  // true time, the camera's clock offset applied
    std::string time_source;
};

struct CameraTimeline {
    std::string camera_id;
    int64_t clock_offset_us = 0;  // as the catalog holds it now
    // The custody log's "clock-offset" entries for the camera, oldest first. None while the
    // offset is not 0: it was set before offsets were logged.
    std::vector<evidence::CustodyEntry> clock_offset_entries;
    // The camera's clock as measured in its pictures (index --osd), when it was.
    std::optional<indexers::MeasuredClock> measured_clock;
    std::vector<SourceRecording> sources;      // overlapping the period, by start
    int32_t recordings = 0;                    // overlapping the period
    int64_t covered_us = 0;                    // within the period, overlaps counted once
    std::vector<catalog::TimeRange> recorded;  // merged spans, clipped to the period
    std::vector<catalog::TimeRange> gaps;      // unrecorded spans of the period
    std::vector<double> motion_density;        // per bin: the share of it with motion, 0..1
};

struct BagDigest {
    std::string file;  // relative to the bag, as its manifest-sha256.txt lists it
    std::string sha256;
};

struct BagSignature {
    std::string status;  // "not signed", "not checked" (no key given), "valid", "invalid"
    std::string detail;  // the trusted comment when valid, else why not
};

struct BagFacts {
    std::string path;  // as recorded when the bag was made
    std::string case_number;
    std::string camera_id;
    std::string method;
    int64_t requested_start_us = 0;
    int64_t requested_end_us = 0;
    int64_t created_us = 0;
    std::string tagmanifest_sha256;  // recorded in the catalog when the bag was made
    std::string status;              // "intact", "not intact", "missing", "unreadable"
    std::vector<evidence::Problem> problems;
    std::vector<BagDigest> files;
    int64_t files_checked = 0;
    uint64_t bytes_checked = 0;
    BagSignature signature;
    // Clock offsets of the bag's camera declared after the bag was cut: its requested times were
    // read with the offset of that day, and move by shift_us to match today's times.
    std::vector<evidence::CustodyEntry> later_offsets;
    int64_t shift_us = 0;
};

struct CaseFacts {
    std::string case_number;
    std::string operator_name;
    std::string tool_version;
    std::filesystem::path catalog_path;
    std::string command_line;
    int64_t generated_us = 0;
    // The period charted: the search's --from/--to, else what the chosen cameras recorded.
    std::optional<catalog::TimeRange> period;
    int64_t bin_us = 0;  // of motion density
    std::vector<CameraTimeline> cameras;
    search::SearchResult search;
    // The hit a ranked search (--like) compares every hit with, when the query names one.
    std::optional<search::Hit> reference;
    std::optional<search::Trace> trace;
    std::vector<BagFacts> bags;
    std::vector<evidence::CustodyEntry> custody;
    std::optional<evidence::ChainBreak> custody_break;
};

// Throws UsageError for bad filters (as search does) and CatalogError when the catalog cannot be
// read. A bag that is gone or damaged is a status, not an error.
CaseFacts gather_facts(catalog::Catalog& catalog, const ReportRequest& request);

// Checks one bag now: verify_evidence() plus its tag manifest against the SHA-256 recorded when
// it was made.
void check_bag(BagFacts& bag, const std::filesystem::path& public_key = {});

// The bags of the hit's camera whose requested range, moved to today's clock offset, overlaps
// the hit.
std::vector<const BagFacts*> bags_of_hit(const CaseFacts& facts, const search::Hit& hit);

}  // namespace footage::report
