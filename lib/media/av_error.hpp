#pragma once
#include <string>

namespace footage::media {

// FFmpeg's text for an AVERROR code ("Invalid data found when processing input").
std::string av_error_text(int code);

// Silences FFmpeg's own logging: lib/ never prints; reasons reach the user through errors.
void quiet_ffmpeg_logs();

}  // namespace footage::media
