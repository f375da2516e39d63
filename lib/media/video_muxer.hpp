#pragma once
// One video stream written to a file, in the container FFmpeg picks by the file's extension:
// what a stream-copied clip and a re-encoded one share.
#include <filesystem>

extern "C" {
#include <libavformat/avformat.h>
}

#include "lib/media/ffmpeg_ptr.hpp"

namespace footage::media {

class VideoMuxer {
  public:
    // Throws MediaError naming `out` when FFmpeg has no muxer for its extension.
    explicit VideoMuxer(const std::filesystem::path& out);

    // Whether the container wants codec headers out of band (set the encoder's flag before
    // opening it).
    bool wants_global_header() const;

    // The stream, in `time_base`, for the caller to fill its codec parameters; once.
    AVStream& add_stream(AVRational time_base);

    // Creates the file and writes the header (the stream's time base may change). Throws IoError
    // when the file cannot be created, MediaError when the header cannot be written.
    void open();

    // Writes `packet`, whose timestamps are in `time_base`, to the stream; `interleaved` lets
    // the muxer reorder (an encoder's output). Throws IoError naming the file.
    void write(AVPacket& packet, AVRational time_base, bool interleaved);

    void finish();

  private:
    std::filesystem::path m_out;
    OutputFormatPtr m_muxer;
    AVStream* m_stream = nullptr;
};

}  // namespace footage::media
