#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace footage::media {

// FFmpeg's text for an AVERROR code ("Invalid data found when processing input").
std::string av_error_text(int code);

// FFmpeg errors are MediaError naming the file, never std::bad_alloc or a bare exception: a
// batch reports the one recording and goes on.
// Throws "<file>: cannot <what> (<FFmpeg's reason>)" when `rc` is an AVERROR.
void check_av(int rc, const std::filesystem::path& file, std::string_view what);
// Throws "<file>: cannot <what> (out of memory)" when FFmpeg handed back no object.
void check_allocated(bool allocated, const std::filesystem::path& file, std::string_view what);

// Silences FFmpeg's own logging: lib/ never prints; reasons reach the user through errors.
void quiet_ffmpeg_logs();

}  // namespace footage::media
