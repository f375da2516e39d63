#pragma once
// How `--help` lists options: names and value placeholders only. CLI11's own decorations, a
// negated flag's default ("--no-motion{false}") and a validator's type and range
// ("N:INT in [1 - 1000000]"), mean nothing to a reader; ranges are in the descriptions.
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

namespace footage::cli {

class HelpFormatter : public CLI::Formatter {
  public:
    std::string make_option_name(const CLI::Option* option, bool is_positional) const override;
    std::string make_option_opts(const CLI::Option* option) const override;
};

}  // namespace footage::cli
