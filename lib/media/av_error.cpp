#include "lib/media/av_error.hpp"

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
}

namespace footage::media {

std::string av_error_text(int code) {
    char buffer[AV_ERROR_MAX_STRING_SIZE] = {};
    if (av_strerror(code, buffer, sizeof buffer) < 0) {
        return "FFmpeg error " + std::to_string(code);
    }
    return buffer;
}

void quiet_ffmpeg_logs() { av_log_set_level(AV_LOG_QUIET); }

}  // namespace footage::media
