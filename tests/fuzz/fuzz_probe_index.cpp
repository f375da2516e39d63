// `footage index` on a mutated small recording: the input is written as one exported file and
// indexed (hash, probe, name, decode, motion) into a catalog. A file that cannot be used must be
// reported as bad with a reason naming it; nothing may crash, hang or throw.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "lib/catalog/catalog.hpp"
#include "lib/ingest/ingest.hpp"
#include "lib/media/av_error.hpp"
#include "lib/media/probe.hpp"
#include "lib/util/error.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace footage;
    namespace fs = std::filesystem;
    static const bool quiet = (media::quiet_ffmpeg_logs(), true);
    (void)quiet;
    const fs::path dir = fuzz::scratch_dir();
    const fs::path recording = dir / "drive" / "ch01_20201103140000_20201103140030.mp4";
    fuzz::write_file(recording, std::string_view(reinterpret_cast<const char*>(data), size));
    try {
        media::probe(recording);
    } catch (const MediaError& error) {
        if (std::string(error.what()).find(recording.string()) == std::string::npos) {
            std::abort();  // the reason names the file
        }
    }
    fs::remove(dir / "index.db");
    catalog::Catalog catalog =
        catalog::Catalog::open(dir / "index.db", catalog::Database::Mode::read_write_create);
    ingest::IngestOptions options;
    options.inputs = {dir / "drive"};
    options.indexers = {"motion"};
    ingest::IngestReport report = ingest::ingest(catalog, options);
    if (report.files.size() != 1) {
        std::abort();  // the one file is reported, used or not
    }
    const ingest::FileReport& file = report.files.front();
    if (file.outcome == ingest::Outcome::bad && file.reason.empty()) {
        std::abort();
    }
    return 0;
}
