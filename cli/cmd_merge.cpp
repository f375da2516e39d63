#include <iostream>

#include "cli/commands.hpp"
#include "lib/ingest/merge.hpp"
#include "lib/util/clock.hpp"
#include "lib/util/error.hpp"

namespace footage::cli {

namespace {

struct MergeArgs {
    std::vector<std::string> shards;
    std::string into;
};

}  // namespace

void add_merge_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code) {
    auto args = std::make_shared<MergeArgs>();
    CLI::App* command = app.add_subcommand(
        "merge", "Combine catalogs indexed in shards (index --shard K/N) into one");
    command->footer(
        "The merged catalog answers search, clip and report as one index of the whole drive\n"
        "would. Merging a shard twice changes nothing. A shard of another schema version, a path\n"
        "whose SHA-256 differs between catalogs, or a camera with another clock offset stops the\n"
        "merge before anything is written. Each merge is entered in the custody log with the\n"
        "shard's SHA-256.\n"
        "Exit status: 0 merged, 2 usage error or a refused shard.\n"
        "Example: footage merge shards/*.db --into case-2026-114.db");
    command->add_option("shards", args->shards, "Shard catalogs")
        ->required()
        ->type_name("SHARD.db...");
    command->add_option("--into", args->into, "The catalog to merge into (created if missing)")
        ->required()
        ->type_name("CASE.db");

    command->callback([args, &global, &exit_code]() {
        GlobalOptions target = global;
        target.db = args->into;
        catalog::Catalog catalog = open_catalog(target, catalog::Database::Mode::read_write_create);
        std::vector<std::filesystem::path> shards(args->shards.begin(), args->shards.end());
        std::vector<ingest::ShardMerge> merged =
            ingest::merge_shards(catalog, shards, operator_name(), now_utc_us());
        if (global.json) {
            nlohmann::json list = nlohmann::json::array();
            for (const ingest::ShardMerge& shard : merged) {
                list.push_back({{"shard", shard.path},
                                {"sha256", shard.sha256},
                                {"already_merged", shard.already_merged},
                                {"recordings_added", shard.recordings_added},
                                {"recordings_present", shard.recordings_present},
                                {"outdated_indexes", shard.outdated_indexes}});
            }
            print_json({{"into", args->into}, {"shards", list}});
        } else if (!global.quiet) {
            for (const ingest::ShardMerge& shard : merged) {
                std::cout << shard.path << ": ";
                if (shard.already_merged) {
                    std::cout << "already merged (SHA-256 " << shard.sha256.substr(0, 16)
                              << "…), nothing changed\n";
                } else {
                    std::cout << shard.recordings_added << " recording(s) added, "
                              << shard.recordings_present << " already present\n";
                    for (const std::string& index : shard.outdated_indexes) {
                        std::cout << "    its " << index
                                  << " index was made by an older footage and was not carried: "
                                     "run footage index --"
                                  << index << " on those recordings\n";
                    }
                }
            }
        }
        exit_code = kExitSuccess;
    });
}

}  // namespace footage::cli
