#pragma once
// zlib's deflate, for catalog blobs that repeat themselves (a moving object's motion cells).
#include <optional>
#include <string>
#include <string_view>

namespace footage {

std::string deflate_bytes(std::string_view bytes);

// Nullopt when `bytes` is not a complete zlib stream.
std::optional<std::string> inflate_bytes(std::string_view bytes);

}  // namespace footage
