#pragma once
// A progress bar on stderr, drawn only when stderr is a terminal.
#include <chrono>
#include <cstdint>
#include <string>

#include "lib/ingest/ingest.hpp"

namespace footage::cli {

class ProgressBar {
  public:
    explicit ProgressBar(bool enabled);
    ~ProgressBar();
    void update(const ingest::Progress& progress);
    void clear();

  private:
    bool m_enabled;
    bool m_drawn = false;
    std::chrono::steady_clock::time_point m_started;
    std::chrono::steady_clock::time_point m_last_draw;
};

}  // namespace footage::cli
