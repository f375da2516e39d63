#pragma once
// Ctrl-C during `index`: say on stderr that the run was interrupted, how far it got, and that
// running the same command again resumes; then die of SIGINT as usual (each recording is one
// transaction, so the catalog holds whole recordings only).
#include <cstdint>

namespace footage::cli {

class InterruptNotice {
  public:
    InterruptNotice();  // installs the SIGINT handler
    ~InterruptNotice();  // restores the previous one
    InterruptNotice(const InterruptNotice&) = delete;
    InterruptNotice& operator=(const InterruptNotice&) = delete;

    // Files finished so far, and in all, for the notice.
    static void set_counts(int64_t done, int64_t total);
};

}  // namespace footage::cli
