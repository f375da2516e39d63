#include "lib/docs/man_pages.hpp"

namespace footage::docs {

std::vector<ManPage> man_pages() {
    std::vector<ManPage> pages;
    for (std::size_t i = 0; i < kEmbeddedPageCount; ++i) {
        pages.push_back({kEmbeddedPages[i].command, kEmbeddedPages[i].roff});
    }
    return pages;
}

std::optional<ManPage> man_page(std::string_view command) {
    for (const ManPage& page : man_pages()) {
        if (page.command == command) {
            return page;
        }
    }
    return std::nullopt;
}

}  // namespace footage::docs
