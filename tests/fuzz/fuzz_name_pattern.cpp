// The file-name pattern parser: a user template (`index --pattern`) and the path it is matched
// against, separated by "\n--\n"; the path is also matched against the built-in patterns.
#include <cstdint>
#include <string>

#include "lib/naming/name_pattern.hpp"
#include "lib/util/error.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace footage;
    std::vector<std::string_view> parts = fuzz::split_parts(data, size, 2);
    std::string path(parts[1]);
    static const naming::NameMatcher builtin(naming::builtin_patterns());
    builtin.match(path);
    try {
        naming::NamePattern user = naming::user_pattern(parts[0]);
        naming::NameMatcher matcher({user});
        matcher.match(path);
    } catch (const ParseError&) {
        // A rejected template must say so with a ParseError; nothing else may escape.
    }
    return 0;
}
