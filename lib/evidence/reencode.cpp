#include "lib/evidence/reencode.hpp"

#include <algorithm>
#include <optional>

extern "C" {
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
}

#include "lib/evidence/packet_reader.hpp"
#include "lib/media/av_error.hpp"
#include "lib/media/ffmpeg_ptr.hpp"
#include "lib/media/video_muxer.hpp"
#include "lib/timecode/units.hpp"
#include "lib/util/error.hpp"

namespace footage::evidence {

namespace fs = std::filesystem;

namespace {

constexpr int64_t kSeekMarginUs = 10'000'000;

class Encoder {
  public:
    Encoder(const fs::path& out, const AVCodecContext& decoder, AVRational time_base,
            AVRational frame_rate, const EncodeSettings& settings)
        : m_out(out), m_time_base(time_base), m_muxer(out) {
        // Every packet says how long it shows: MP4's edit list would otherwise cut the last frame.
        if (frame_rate.num > 0 && frame_rate.den > 0) {
            m_frame_ticks = std::max<int64_t>(1, av_rescale_q(1, av_inv_q(frame_rate), time_base));
        }
        const AVCodec* codec = avcodec_find_encoder_by_name(settings.encoder.c_str());
        if (codec == nullptr) {
            throw MediaError(out.string() + ": the " + settings.encoder +
                             " encoder is not in this FFmpeg build");
        }
        m_codec.reset(avcodec_alloc_context3(codec));
        media::check_allocated(m_codec != nullptr, out, "allocate the encoder");
        m_codec->width = decoder.width;
        m_codec->height = decoder.height;
        m_codec->sample_aspect_ratio = decoder.sample_aspect_ratio;
        m_codec->pix_fmt = decoder.pix_fmt;
        m_codec->color_range = decoder.color_range;
        m_codec->time_base = time_base;
        m_codec->framerate = frame_rate;
        av_opt_set(m_codec->priv_data, "preset", settings.preset.c_str(), 0);
        av_opt_set_int(m_codec->priv_data, "crf", settings.crf, 0);
        if (m_muxer.wants_global_header()) {
            m_codec->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        }
        const int rc = avcodec_open2(m_codec.get(), codec, nullptr);
        if (rc < 0) {
            throw MediaError(out.string() + ": cannot open the " + settings.encoder + " encoder (" +
                             media::av_error_text(rc) + ")");
        }
        AVStream& stream = m_muxer.add_stream(time_base);
        media::check_av(avcodec_parameters_from_context(stream.codecpar, m_codec.get()), out,
                        "set the encoder's parameters");
        m_muxer.open();
        m_packet.reset(av_packet_alloc());
        media::check_allocated(m_packet != nullptr, out, "allocate a packet");
    }

    // Null flushes.
    void encode(AVFrame* frame) {
        int rc = avcodec_send_frame(m_codec.get(), frame);
        if (rc < 0) {
            throw MediaError(m_out.string() + ": encoding failed (" + media::av_error_text(rc) +
                             ")");
        }
        while (avcodec_receive_packet(m_codec.get(), m_packet.get()) == 0) {
            if (m_packet->duration <= 0) {
                m_packet->duration = m_frame_ticks;
            }
            m_muxer.write(*m_packet, m_time_base, true);
        }
    }

    void finish() {
        encode(nullptr);
        m_muxer.finish();
    }

  private:
    fs::path m_out;
    AVRational m_time_base;
    int64_t m_frame_ticks = 0;
    media::CodecContextPtr m_codec;
    media::VideoMuxer m_muxer;
    media::PacketPtr m_packet;
};

}  // namespace

nlohmann::json EncodeSettings::to_json() const {
    return {{"encoder", encoder}, {"preset", preset}, {"crf", crf}};
}

StreamCut reencode(const fs::path& source, int64_t from_offset_us, int64_t to_offset_us,
                   const fs::path& out, const EncodeSettings& settings) {
    PacketReader reader(source);
    media::CodecContextPtr decoder = media::open_decoder(reader.input(), source, {});
    AVStream* stream = reader.stream();
    AVRational rate =
        stream->avg_frame_rate.num > 0 ? stream->avg_frame_rate : stream->r_frame_rate;
    const int64_t frame_us = rate.num > 0 && rate.den > 0
                                 ? av_rescale(timecode::kMicrosPerSecond, rate.den, rate.num)
                                 : 0;
    media::FramePtr frame(av_frame_alloc());
    media::check_allocated(frame != nullptr, source, "allocate a frame to decode");
    StreamCut cut;
    cut.time_base_num = stream->time_base.num;
    cut.time_base_den = stream->time_base.den;
    cut.actual_start_offset_us = kUnknownTime;
    std::optional<Encoder> encoder;
    int64_t first_pts = AV_NOPTS_VALUE;
    auto take_frames = [&]() {
        while (avcodec_receive_frame(decoder.get(), frame.get()) == 0) {
            int64_t ts = frame->best_effort_timestamp;
            int64_t us = reader.to_us(ts);
            if (ts != AV_NOPTS_VALUE && us >= from_offset_us && us < to_offset_us) {
                if (!encoder) {
                    encoder.emplace(out, *decoder, stream->time_base, rate, settings);
                    first_pts = ts;
                    cut.actual_start_offset_us = us;
                }
                cut.actual_end_offset_us = std::max(cut.actual_end_offset_us, us + frame_us);
                frame->pts = ts - first_pts;
                frame->pict_type = AV_PICTURE_TYPE_NONE;
                encoder->encode(frame.get());
            }
            av_frame_unref(frame.get());
        }
    };
    reader.seek(from_offset_us - kSeekMarginUs);
    stream = reader.stream();  // a seek that falls back to the start reopens the file
    while (AVPacket* packet = reader.next()) {
        int64_t dts = reader.to_us(packet->dts != AV_NOPTS_VALUE ? packet->dts : packet->pts);
        if (dts != kUnknownTime && dts >= to_offset_us) {
            break;
        }
        CopiedPacket input = describe_packet(*packet, reader.index());
        if (avcodec_send_packet(decoder.get(), packet) >= 0 &&
            (encoder || input.key || !cut.packets.empty())) {
            cut.packets.push_back(input);
        }
        take_frames();
    }
    avcodec_send_packet(decoder.get(), nullptr);
    take_frames();
    if (!encoder) {
        throw MediaError(source.string() + ": no frame between the requested times");
    }
    encoder->finish();
    // Keep only the run that fed the encoder: from the last keyframe at or before the start.
    for (size_t i = cut.packets.size(); i-- > 0;) {
        if (cut.packets[i].key && reader.to_us(cut.packets[i].pts) <= cut.actual_start_offset_us) {
            cut.packets.erase(cut.packets.begin(),
                              cut.packets.begin() + static_cast<std::ptrdiff_t>(i));
            break;
        }
    }
    return cut;
}

}  // namespace footage::evidence
