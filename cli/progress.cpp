#include "cli/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cli/common.hpp"
#include "cli/interrupt.hpp"
#include "lib/timecode/units.hpp"

namespace footage::cli {

ProgressBar::ProgressBar(bool enabled)
    : m_enabled(enabled && ::isatty(STDERR_FILENO) == 1),
      m_started(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { clear(); }

namespace {

// "4:05", or "1:02:03" from an hour on.
std::string clock_text(int64_t seconds) {
    char text[32];
    if (seconds >= 3600) {
        std::snprintf(
            text, sizeof text, "%lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
            static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
    } else {
        std::snprintf(text, sizeof text, "%lld:%02lld", static_cast<long long>(seconds / 60),
                      static_cast<long long>(seconds % 60));
    }
    return text;
}

}  // namespace

void ProgressBar::update(const ingest::Progress& progress) {
    InterruptNotice::set_counts(progress.files_done, progress.files_total);
    if (!m_enabled) {
        return;
    }
    auto now = std::chrono::steady_clock::now();
    if (m_drawn && now - m_last_draw < std::chrono::milliseconds(100) &&
        progress.files_done != progress.files_total) {
        return;
    }
    m_last_draw = now;
    double fraction = progress.bytes_total > 0 ? static_cast<double>(progress.bytes_done) /
                                                     static_cast<double>(progress.bytes_total)
                                               : 0.0;
    fraction = std::min(fraction, 1.0);
    constexpr int kWidth = 20;
    int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.append(static_cast<size_t>(kWidth - filled), '.');
    // The rate counts only work done (unchanged files cost nothing), so skipping a hundred
    // unchanged files first does not promise a fast finish.
    double elapsed = std::chrono::duration<double>(now - m_started).count();
    uint64_t worked = progress.bytes_done - std::min(progress.bytes_skipped, progress.bytes_done);
    std::string eta = "--:--";
    if (elapsed > 2.0 && worked > 0) {
        double rate = static_cast<double>(worked) / elapsed;
        double left = static_cast<double>(progress.bytes_total -
                                          std::min(progress.bytes_done, progress.bytes_total));
        eta = clock_text(std::llround(left / rate));
    }
    std::string name = progress.current;
    if (size_t slash = name.rfind('/'); slash != std::string::npos) {
        name = name.substr(slash + 1);
    }
    if (name.size() > 28) {
        name = "..." + name.substr(name.size() - 25);
    }
    std::string phase = progress.phase;
    if (progress.media_total_us > 0) {
        phase += " " + clock_text(progress.media_done_us / timecode::kMicrosPerSecond) + "/" +
                 clock_text(progress.media_total_us / timecode::kMicrosPerSecond);
    }
    std::fprintf(
        stderr, "\r\033[K[%s] %lld/%lld files  %s/%s  ETA %s  %s %s", bar.c_str(),
        static_cast<long long>(progress.files_done), static_cast<long long>(progress.files_total),
        format_bytes(progress.bytes_done).c_str(), format_bytes(progress.bytes_total).c_str(),
        eta.c_str(), name.c_str(), phase.c_str());
    std::fflush(stderr);
    m_drawn = true;
}

void ProgressBar::clear() {
    if (m_drawn) {
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
        m_drawn = false;
    }
}

}  // namespace footage::cli
