#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>

#include "cli/common.hpp"

namespace footage::cli {

ProgressBar::ProgressBar(bool enabled)
    : m_enabled(enabled && ::isatty(STDERR_FILENO) == 1),
      m_started(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { clear(); }

void ProgressBar::update(const ingest::Progress& progress) {
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
    constexpr int kWidth = 24;
    int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.append(static_cast<size_t>(kWidth - filled), '.');
    double elapsed = std::chrono::duration<double>(now - m_started).count();
    std::string eta = "--:--";
    if (fraction > 0.02 && elapsed > 1.0) {
        int remaining = static_cast<int>(elapsed / fraction - elapsed);
        char text[16];
        std::snprintf(text, sizeof text, "%d:%02d", remaining / 60, remaining % 60);
        eta = text;
    }
    std::string name = progress.current;
    if (size_t slash = name.rfind('/'); slash != std::string::npos) {
        name = name.substr(slash + 1);
    }
    if (name.size() > 32) {
        name = "…" + name.substr(name.size() - 31);
    }
    std::fprintf(stderr, "\r\033[K[%s] %lld/%lld files  %s/%s  ETA %s  %s", bar.c_str(),
                 static_cast<long long>(progress.files_done),
                 static_cast<long long>(progress.files_total),
                 format_bytes(progress.bytes_done).c_str(),
                 format_bytes(progress.bytes_total).c_str(), eta.c_str(), name.c_str());
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
