#include "lib/media/av_error.hpp"

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
}

#include "lib/util/error.hpp"

namespace footage::media {

std::string av_error_text(int code) {
    char buffer[AV_ERROR_MAX_STRING_SIZE] = {};
    if (av_strerror(code, buffer, sizeof buffer) < 0) {
        return "FFmpeg error " + std::to_string(code);
    }
    return buffer;
}

void check_av(int rc, const std::filesystem::path& file, std::string_view what) {
    if (rc < 0) {
        throw MediaError(file.string() + ": cannot " + std::string(what) + " (" +
                         av_error_text(rc) + ")");
    }
}

void check_allocated(bool allocated, const std::filesystem::path& file, std::string_view what) {
    if (!allocated) {
        throw MediaError(file.string() + ": cannot " + std::string(what) + " (out of memory)");
    }
}

void quiet_ffmpeg_logs() { av_log_set_level(AV_LOG_QUIET); }

}  // namespace footage::media
