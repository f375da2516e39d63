#pragma once
// One normal form for names typed and names found on drives: "Camera cổng" typed on one machine
// (NFC, precomposed) and read from a macOS-exported folder (NFD, decomposed) are the same camera.
#include <string>
#include <string_view>

namespace footage {

// `utf8` in Unicode Normalization Form C (through ICU). Text that is not valid UTF-8 (a file
// name in a legacy code page) is returned unchanged, byte for byte.
std::string to_nfc(std::string_view utf8);

}  // namespace footage
