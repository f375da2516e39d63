#pragma once
// The man pages in man/, built into the binary so that `footage help COMMAND` shows their text.
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace footage::docs {

struct EmbeddedPage {
    const char* command;  // "index" for footage-index(1); "" for footage(1)
    const char* roff;
};

// Defined in the file cmake/embed_man_pages.cmake generates from man/*.1.
extern const EmbeddedPage kEmbeddedPages[];
extern const std::size_t kEmbeddedPageCount;

struct ManPage {
    std::string_view command;
    std::string_view roff;
};

// Every page, in the order lib/docs/sources.cmake lists them.
std::vector<ManPage> man_pages();

// The page of `command` ("" for footage(1)), or nothing when there is none.
std::optional<ManPage> man_page(std::string_view command);

}  // namespace footage::docs
