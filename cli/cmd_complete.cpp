#include <iostream>
#include <set>

#include "cli/commands.hpp"
#include "indexers/objects/coco_labels.hpp"
#include "indexers/objects/color_name.hpp"
#include "lib/util/error.hpp"

namespace footage::cli {

namespace {

bool visible(CLI::App* sub) { return !sub->get_group().empty(); }

// One line per option: its name, and the type name of its value when it takes one.
void print_options(CLI::App& owner, std::set<std::string>& printed) {
    for (const CLI::Option* option :
         owner.get_options([](const CLI::Option* o) { return o->nonpositional(); })) {
        // "N:INT in [1 - 10]" -> "N"; a flag takes no value and has no type name.
        std::string type = option->get_type_name().substr(0, option->get_type_name().find(':'));
        std::string value = option->get_items_expected_max() == 0 || type.empty() ? "" : " " + type;
        std::vector<std::string> names;
        for (const std::string& name : option->get_lnames()) {
            names.push_back("--" + name);
        }
        for (const std::string& name : option->get_snames()) {
            names.push_back("-" + name);
        }
        for (const std::string& name : names) {
            if (printed.insert(name).second) {
                std::cout << name << value << '\n';
            }
        }
    }
}

}  // namespace

// Hidden: what the shell completion scripts (completion/) ask, so they never drift from the
// binary. `__complete commands`, `__complete options COMMAND`, `__complete cameras`,
// `__complete objects` (search --object classes), `__complete colors` (search --color names).
void add_complete_command(CLI::App& app, const GlobalOptions& global, ExitCode& exit_code) {
    auto words = std::make_shared<std::vector<std::string>>();
    CLI::App* command = app.add_subcommand("__complete", "Words for shell completion");
    command->group("");
    command->add_option("what", *words, "commands | options COMMAND | cameras | objects | colors")
        ->required();
    command->callback([words, &app, &global, &exit_code]() {
        const std::string& what = words->front();
        std::set<std::string> printed;
        if (what == "commands") {
            for (CLI::App* sub : app.get_subcommands(visible)) {
                std::cout << sub->get_name() << '\n';
            }
        } else if (what == "options") {
            if (words->size() > 1) {
                for (CLI::App* sub : app.get_subcommands(visible)) {
                    if (sub->get_name() == (*words)[1]) {
                        print_options(*sub, printed);
                    }
                }
            }
            print_options(app, printed);
        } else if (what == "cameras") {
            try {
                catalog::Catalog catalog = open_catalog(global, catalog::Database::Mode::read_only);
                for (const catalog::CameraRow& camera : catalog.cameras()) {
                    std::cout << camera.id << '\n';
                }
            } catch (const Error&) {
                // No catalog yet: nothing to offer.
            }
        } else if (what == "objects") {
            for (std::string_view label : indexers::objects::coco_labels()) {
                std::cout << label << '\n';
            }
        } else if (what == "colors") {
            for (std::string_view color : indexers::objects::color_names()) {
                std::cout << color << '\n';
            }
        } else {
            throw UsageError(
                "__complete: want commands, options COMMAND, cameras, objects or colors, not " +
                what);
        }
        exit_code = kExitSuccess;
    });
}

}  // namespace footage::cli
