#pragma once
// Text from the drive (file names, camera IDs, notes) made safe to place in HTML and SVG: markup
// characters become entities and bytes that are not UTF-8 become U+FFFD.
#include <string>
#include <string_view>

namespace footage::report {

// Valid UTF-8: every malformed, overlong or surrogate sequence (and NUL) becomes U+FFFD.
std::string valid_utf8(std::string_view bytes);

// valid_utf8() with & < > " ' as entities; safe in element text and quoted attributes.
std::string html_escape(std::string_view text);

}  // namespace footage::report
