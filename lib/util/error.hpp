#pragma once
// Typed errors thrown by lib/; cli/ maps them to messages and exit codes (DESIGN.md).
#include <stdexcept>
#include <string>

namespace footage {

// Anything the user or the environment got wrong: bad flag value, unreadable catalog. Exit 2.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A malformed value in text we parse (times, durations, name patterns). Exit 2 at the CLI.
class ParseError : public UsageError {
  public:
    using UsageError::UsageError;
};

// The catalog cannot be opened, read or written. Exit 2.
class CatalogError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// One media file cannot be used (truncated, not video, no video stream). The message names the
// file and the reason; batches report it and go on.
class MediaError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// An input file the user gave cannot be read at all.
class IoError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace footage
