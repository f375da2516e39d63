// Which files a shard worker takes: disjoint, complete, balanced by bytes, and independent of
// the order the files are listed in.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "lib/ingest/shard.hpp"
#include "lib/util/error.hpp"

namespace footage::ingest {
namespace {

std::vector<FoundFile> drive() {
    std::vector<FoundFile> files;
    std::mt19937 random(3);
    std::uniform_int_distribution<uint64_t> size(1'000, 2'000'000'000);
    for (int i = 0; i < 200; ++i) {
        files.push_back({"/drive/ch" + std::to_string(i % 16) + "/" + std::to_string(i) + ".mp4",
                         "/drive", size(random), 0});
    }
    return files;
}

std::set<std::string> names(const std::vector<FoundFile>& files) {
    std::set<std::string> out;
    for (const FoundFile& file : files) {
        out.insert(file.path.string());
    }
    return out;
}

TEST(Shard, SharesAreDisjointCompleteAndBalancedByBytes) {
    std::vector<FoundFile> files = drive();
    std::set<std::string> seen;
    std::vector<uint64_t> bytes;
    uint64_t largest = 0;
    for (const FoundFile& file : files) {
        largest = std::max(largest, file.size);
    }
    for (int k = 0; k < 7; ++k) {
        uint64_t total = 0;
        for (const FoundFile& file : shard_files(files, Shard{k, 7})) {
            EXPECT_TRUE(seen.insert(file.path.string()).second) << file.path;
            total += file.size;
        }
        bytes.push_back(total);
    }
    EXPECT_EQ(seen, names(files));
    auto [least, most] = std::minmax_element(bytes.begin(), bytes.end());
    EXPECT_LE(*most - *least, largest);
}

TEST(Shard, TheShareDoesNotDependOnListingOrder) {
    std::vector<FoundFile> files = drive();
    std::vector<FoundFile> shuffled = files;
    std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(11));
    for (int k = 0; k < 4; ++k) {
        EXPECT_EQ(names(shard_files(files, Shard{k, 4})),
                  names(shard_files(shuffled, Shard{k, 4})));
    }
}

TEST(Shard, ParsesKOfNAndRefusesTheRest) {
    EXPECT_EQ(parse_shard("0/4").index, 0);
    EXPECT_EQ(parse_shard("3/4").count, 4);
    for (const char* bad : {"4/4", "-1/4", "1", "1/0", "a/b", "1/4x", ""}) {
        EXPECT_THROW(parse_shard(bad), ParseError) << bad;
    }
}

}  // namespace
}  // namespace footage::ingest
