#include "lib/ingest/shard.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include "lib/util/error.hpp"

namespace footage::ingest {

namespace {

bool parse_int(std::string_view text, int32_t& out) {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

Shard parse_shard(std::string_view text) {
    size_t slash = text.find('/');
    Shard shard;
    if (slash == std::string_view::npos || !parse_int(text.substr(0, slash), shard.index) ||
        !parse_int(text.substr(slash + 1), shard.count) || shard.count < 1 || shard.index < 0 ||
        shard.index >= shard.count) {
        throw ParseError("\"" + std::string(text) +
                         "\" is not a shard: give K/N with 0 <= K < N (e.g. 0/4 .. 3/4)");
    }
    return shard;
}

std::vector<FoundFile> shard_files(const std::vector<FoundFile>& files, const Shard& shard) {
    if (shard.count == 1) {
        return files;
    }
    // Largest first (ties by path), each to the lightest worker (ties to the lowest index).
    std::vector<size_t> order(files.size());
    for (size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (files[a].size != files[b].size) {
            return files[a].size > files[b].size;
        }
        return files[a].path < files[b].path;
    });
    std::vector<uint64_t> load(static_cast<size_t>(shard.count), 0);
    std::vector<bool> taken(files.size(), false);
    for (size_t i : order) {
        size_t lightest =
            static_cast<size_t>(std::min_element(load.begin(), load.end()) - load.begin());
        load[lightest] += std::max<uint64_t>(files[i].size, 1);
        taken[i] = lightest == static_cast<size_t>(shard.index);
    }
    std::vector<FoundFile> mine;
    for (size_t i = 0; i < files.size(); ++i) {
        if (taken[i]) {
            mine.push_back(files[i]);
        }
    }
    return mine;
}

}  // namespace footage::ingest
