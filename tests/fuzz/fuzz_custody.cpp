// The custody-log reader (`footage log --verify`) over a catalog someone else wrote: the input
// is cut into rows of "seq|time|action|operator|host|details|prev|entry" lines that go into the
// custody table as they are; reading the log and checking its chain must not crash.
#include <cstdint>
#include <filesystem>
#include <sstream>
#include <string>

#include "lib/catalog/catalog.hpp"
#include "lib/evidence/custody.hpp"
#include "lib/util/error.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

std::vector<std::string> fields_of(const std::string& line) {
    std::vector<std::string> fields;
    std::stringstream in(line);
    for (std::string field; std::getline(in, field, '|');) {
        fields.push_back(field);
    }
    fields.resize(8);
    return fields;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace footage;
    static catalog::Catalog catalog = catalog::Catalog::open(
        fuzz::scratch_dir() / "custody.db", catalog::Database::Mode::read_write_create);
    catalog.db().exec("DELETE FROM custody");
    std::stringstream lines(std::string(reinterpret_cast<const char*>(data), size));
    int row = 0;
    for (std::string line; std::getline(lines, line) && row < 64; ++row) {
        std::vector<std::string> f = fields_of(line);
        try {
            catalog.db()
                .prepare(
                    "INSERT INTO custody(seq, time_us, action, operator, host, details, "
                    "prev_sha256, entry_sha256) VALUES(?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(1, static_cast<int64_t>(std::strtoll(f[0].c_str(), nullptr, 10)))
                .bind(2, static_cast<int64_t>(std::strtoll(f[1].c_str(), nullptr, 10)))
                .bind(3, f[2])
                .bind(4, f[3])
                .bind(5, f[4])
                .bind(6, f[5])
                .bind(7, f[6])
                .bind(8, f[7])
                .run();
        } catch (const CatalogError&) {
            // a duplicate seq: the table refuses it, as it would for any writer
        }
    }
    std::vector<evidence::CustodyEntry> entries = evidence::custody_log(catalog);
    std::optional<evidence::ChainBreak> broken = evidence::check_chain(entries);
    if (broken && broken->reason.empty()) {
        std::abort();  // a break always says why
    }
    for (const evidence::CustodyEntry& entry : entries) {
        entry.to_json();
    }
    return 0;
}
