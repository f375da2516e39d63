#pragma once
// Typed errors thrown by lib/; cli/ maps them to messages and exit codes (docs/ARCHITECTURE.md).
#include <stdexcept>
#include <string>

namespace footage {

// Every expected failure footage reports to the user; a bare std::exception is a bug.
class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Anything the user or the environment got wrong: bad flag value, unreadable catalog. Exit 2.
class UsageError : public Error {
  public:
    using Error::Error;
};

// A malformed value in text we parse (times, durations, name patterns). Exit 2 at the CLI.
class ParseError : public UsageError {
  public:
    using UsageError::UsageError;
};

// The catalog cannot be opened, read or written. Exit 2.
class CatalogError : public Error {
  public:
    using Error::Error;
};

// One media file cannot be used (truncated, not video, no video stream). The message names the
// file and the reason; batches report it and go on.
class MediaError : public Error {
  public:
    using Error::Error;
};

// A model an indexer needs (the object detector's) is missing or cannot be loaded. Exit 2.
class ModelError : public Error {
  public:
    using Error::Error;
};

// An input file the user gave cannot be read at all.
class IoError : public Error {
  public:
    using Error::Error;
};

}  // namespace footage
