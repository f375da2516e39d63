#include "cli/interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

namespace footage::cli {

namespace {

std::atomic<int64_t> g_done{0};
std::atomic<int64_t> g_total{0};
bool g_terminal = false;  // stderr is a terminal: erase the progress bar first
struct sigaction g_previous {};

static_assert(std::atomic<int64_t>::is_always_lock_free, "read from a signal handler");

// Appends the decimal digits of `value` at `out`; async-signal-safe.
char* put_number(char* out, int64_t value) {
    char digits[24];
    int count = 0;
    do {
        digits[count++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value > 0 && count < 20);
    while (count > 0) {
        *out++ = digits[--count];
    }
    return out;
}

char* put_text(char* out, const char* text) {
    size_t length = std::strlen(text);
    std::memcpy(out, text, length);
    return out + length;
}

void on_interrupt(int signal_number) {
    char message[512];
    char* out = message;
    if (g_terminal) {
        out = put_text(out, "\r\033[K");
    }
    out = put_text(out, "footage: interrupted after ");
    out = put_number(out, g_done.load());
    out = put_text(out, " of ");
    out = put_number(out, g_total.load());
    out = put_text(out,
                   " files; the catalog keeps every recording finished so far. Run the same "
                   "command again to resume: finished files are skipped.\n");
    ssize_t ignored = ::write(STDERR_FILENO, message, static_cast<size_t>(out - message));
    (void)ignored;
    ::signal(signal_number, SIG_DFL);
    ::raise(signal_number);
}

}  // namespace

InterruptNotice::InterruptNotice() {
    g_terminal = ::isatty(STDERR_FILENO) == 1;
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &g_previous);
}

InterruptNotice::~InterruptNotice() { ::sigaction(SIGINT, &g_previous, nullptr); }

void InterruptNotice::set_counts(int64_t done, int64_t total) {
    g_done = done;
    g_total = total;
}

}  // namespace footage::cli
