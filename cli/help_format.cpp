#include "cli/help_format.hpp"

#include <regex>

namespace footage::cli {

std::string HelpFormatter::make_option_name(const CLI::Option* option, bool is_positional) const {
    static const std::regex flag_default(R"(\{[^}]*\})");
    return std::regex_replace(CLI::Formatter::make_option_name(option, is_positional), flag_default,
                              "");
}

std::string HelpFormatter::make_option_opts(const CLI::Option* option) const {
    // "N:INT in [1 - 1000000]" -> "N": the placeholder without the validator's description.
    static const std::regex validator(
        R"(:(INT|UINT|FLOAT|NUMBER|TEXT|BOOLEAN)\b( in \[[^\]]*\])?)");
    return std::regex_replace(CLI::Formatter::make_option_opts(option), validator, "");
}

}  // namespace footage::cli
