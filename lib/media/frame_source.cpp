#include "lib/media/frame_source.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include <opencv2/imgproc.hpp>

#include "lib/media/av_error.hpp"

extern "C" {
#include <libavutil/pixdesc.h>
}
#include "lib/util/error.hpp"

namespace footage::media {

namespace {

constexpr AVRational kMicros = {1, 1'000'000};
constexpr int64_t kOpenEnd = std::numeric_limits<int64_t>::max();

bool has_8bit_luma_plane(int format) {
    switch (format) {
        case AV_PIX_FMT_YUV420P:
        case AV_PIX_FMT_YUVJ420P:
        case AV_PIX_FMT_YUV422P:
        case AV_PIX_FMT_YUVJ422P:
        case AV_PIX_FMT_YUV444P:
        case AV_PIX_FMT_YUVJ444P:
        case AV_PIX_FMT_YUV440P:
        case AV_PIX_FMT_YUVJ440P:
        case AV_PIX_FMT_YUV411P:
        case AV_PIX_FMT_YUV410P:
        case AV_PIX_FMT_NV12:
        case AV_PIX_FMT_NV21:
        case AV_PIX_FMT_GRAY8:
            return true;
        default:
            return false;
    }
}

// Hands out sampled, downscaled luma frames; owns the scratch buffers.
class Sampler {
  public:
    Sampler(const FrameSourceOptions& options, double stream_fps, const FrameCallback& on_frame)
        : m_on_frame(on_frame), m_luma_width(options.luma_width) {
        double fps = options.sample_fps;
        if (stream_fps > 0.0 && stream_fps < fps) {
            fps = stream_fps;
        }
        m_period_us = static_cast<int64_t>(std::llround(1e6 / std::max(fps, 0.01)));
        // A frame whose time is within half a stream frame of a sample slot takes that slot.
        m_tolerance_us = stream_fps > 0.0 ? static_cast<int64_t>(5e5 / stream_fps) : 0;
    }

    void offer(const AVFrame& frame, int64_t pts_us, DecodeStats& stats) {
        const int64_t slot = (pts_us + m_tolerance_us) / m_period_us;
        if (slot <= m_last_slot) {
            return;
        }
        m_last_slot = slot;
        const cv::Mat& luma = downscale(frame);
        LumaFrame out;
        out.pts_us = pts_us;
        out.width = luma.cols;
        out.height = luma.rows;
        out.stride = static_cast<int32_t>(luma.step[0]);
        out.data = luma.data;
        ++stats.frames_sampled;
        m_on_frame(out);
    }

    void restart() { m_last_slot = std::numeric_limits<int64_t>::min(); }

  private:
    const cv::Mat& downscale(const AVFrame& frame) {
        int32_t out_width = std::min<int32_t>(m_luma_width, frame.width);
        int32_t out_height = static_cast<int32_t>(
            std::lround(static_cast<double>(frame.height) * out_width / frame.width));
        out_height = std::max(2, out_height & ~1);
        if (has_8bit_luma_plane(frame.format)) {
            cv::Mat plane(frame.height, frame.width, CV_8UC1, frame.data[0],
                          static_cast<size_t>(frame.linesize[0]));
            if (plane.cols == out_width && plane.rows == out_height) {
                plane.copyTo(m_scaled);
            } else {
                cv::resize(plane, m_scaled, cv::Size(out_width, out_height), 0, 0, cv::INTER_AREA);
            }
            return m_scaled;
        }
        // Rare formats (RGB from some MJPEG or PNG streams): let swscale make the gray image.
        m_sws.reset(sws_getCachedContext(
            m_sws.release(), frame.width, frame.height, static_cast<AVPixelFormat>(frame.format),
            out_width, out_height, AV_PIX_FMT_GRAY8, SWS_AREA, nullptr, nullptr, nullptr));
        if (!m_sws) {
            throw MediaError(
                "cannot convert pixel format " +
                std::string(av_get_pix_fmt_name(static_cast<AVPixelFormat>(frame.format))));
        }
        // swscale's SIMD paths may write past the end of a row: give it a padded buffer.
        const int stride = (out_width + 63) / 64 * 64;
        m_padded.create(out_height + 1, stride, CV_8UC1);
        uint8_t* dst[4] = {m_padded.data, nullptr, nullptr, nullptr};
        int dst_stride[4] = {stride, 0, 0, 0};
        sws_scale(m_sws.get(), frame.data, frame.linesize, 0, frame.height, dst, dst_stride);
        m_scaled = m_padded(cv::Rect(0, 0, out_width, out_height));
        return m_scaled;
    }

    const FrameCallback& m_on_frame;
    int32_t m_luma_width;
    int64_t m_period_us = 200'000;
    int64_t m_tolerance_us = 0;
    int64_t m_last_slot = std::numeric_limits<int64_t>::min();
    cv::Mat m_scaled;
    cv::Mat m_padded;
    SwsPtr m_sws;
};

class Pass {
  public:
    Pass(const std::filesystem::path& path, const FrameSourceOptions& options,
         const FrameCallback& on_frame)
        : m_path(path), m_input(open_input(path)) {
        for (unsigned i = 0; i < m_input.format->nb_streams; ++i) {
            if (static_cast<int>(i) != m_input.video_stream) {
                m_input.format->streams[i]->discard = AVDISCARD_ALL;
            }
        }
        m_stream = m_input.format->streams[m_input.video_stream];
        m_origin = m_stream->start_time != AV_NOPTS_VALUE ? m_stream->start_time : 0;
        m_decoder = open_decoder(m_input, path, options.decoder);
        AVRational rate =
            m_stream->avg_frame_rate.num > 0 ? m_stream->avg_frame_rate : m_stream->r_frame_rate;
        double stream_fps = rate.den > 0 && rate.num > 0 ? av_q2d(rate) : 0.0;
        m_sampler.emplace(options, stream_fps, on_frame);
        m_packet.reset(av_packet_alloc());
        m_frame.reset(av_frame_alloc());
        if (!m_packet || !m_frame) {
            throw std::bad_alloc();
        }
    }

    DecodeStats run(const std::vector<Span>& spans) {
        if (spans.empty()) {
            decode_span({0, kOpenEnd}, false);
        } else {
            for (const Span& span : spans) {
                decode_span(span, true);
            }
        }
        return m_stats;
    }

  private:
    int64_t to_us(int64_t ts) const {
        return av_rescale_q(ts - m_origin, m_stream->time_base, kMicros);
    }

    void decode_span(const Span& span, bool seek) {
        if (seek) {
            int64_t target = m_origin + av_rescale_q(span.start_us, kMicros, m_stream->time_base);
            int rc = av_seek_frame(m_input.format.get(), m_input.video_stream, target,
                                   AVSEEK_FLAG_BACKWARD);
            if (rc < 0) {
                throw MediaError(m_path.string() + ": cannot seek (" + av_error_text(rc) + ")");
            }
            avcodec_flush_buffers(m_decoder.get());
        }
        m_sampler->restart();
        bool past_end = false;
        while (!past_end) {
            int rc = av_read_frame(m_input.format.get(), m_packet.get());
            if (rc < 0) {
                break;
            }
            if (m_packet->stream_index != m_input.video_stream) {
                av_packet_unref(m_packet.get());
                continue;
            }
            int64_t packet_ts = m_packet->pts != AV_NOPTS_VALUE ? m_packet->pts : m_packet->dts;
            // Decode past the span's end until a packet well after it, so reordered frames land.
            if (packet_ts != AV_NOPTS_VALUE && span.end_us < kOpenEnd &&
                to_us(packet_ts) >= span.end_us + 1'000'000) {
                past_end = true;
            }
            int sent = avcodec_send_packet(m_decoder.get(), m_packet.get());
            av_packet_unref(m_packet.get());
            if (sent < 0 && sent != AVERROR(EAGAIN)) {
                ++m_stats.corrupt_packets;
            }
            receive(span);
        }
        avcodec_send_packet(m_decoder.get(), nullptr);
        receive(span);
        avcodec_flush_buffers(m_decoder.get());
    }

    void receive(const Span& span) {
        while (avcodec_receive_frame(m_decoder.get(), m_frame.get()) == 0) {
            ++m_stats.frames_decoded;
            int64_t ts = m_frame->best_effort_timestamp;
            if (ts != AV_NOPTS_VALUE) {
                int64_t pts_us = to_us(ts);
                m_stats.last_pts_us = std::max(m_stats.last_pts_us, pts_us);
                if (pts_us >= span.start_us && pts_us < span.end_us) {
                    m_sampler->offer(*m_frame, pts_us, m_stats);
                }
            }
            av_frame_unref(m_frame.get());
        }
    }

    std::filesystem::path m_path;
    OpenInput m_input;
    AVStream* m_stream = nullptr;
    int64_t m_origin = 0;
    CodecContextPtr m_decoder;
    std::optional<Sampler> m_sampler;
    PacketPtr m_packet;
    FramePtr m_frame;
    DecodeStats m_stats;
};

}  // namespace

DecodeStats decode_frames(const std::filesystem::path& path, const FrameSourceOptions& options,
                          const FrameCallback& on_frame) {
    Pass pass(path, options, on_frame);
    return pass.run(options.decode_spans);
}

}  // namespace footage::media
