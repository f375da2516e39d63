#include "lib/media/frame_source.hpp"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>

#include <opencv2/core.hpp>

#include "lib/media/av_error.hpp"
#include "lib/media/av_time.hpp"
#include "lib/media/luma_scaler.hpp"

#include "lib/util/error.hpp"

namespace footage::media {

namespace {

using timecode::kOpenEnd;

// Downscales sampled frames and runs the callback on a thread of its own, so that analysis
// overlaps decoding instead of stalling the decoder's threads. Frames are passed by reference
// (no copy); at most kQueued wait.
class Analyst {
  public:
    Analyst(int32_t luma_width, const FrameCallback& on_frame)
        : m_on_frame(on_frame), m_scaler(luma_width), m_thread([this]() { loop(); }) {}

    ~Analyst() {
        {
            std::lock_guard lock(m_mutex);
            m_queue.clear();  // nobody waits for these any more
            m_closing = true;
        }
        m_changed.notify_all();
        m_thread.join();
    }

    Analyst(const Analyst&) = delete;
    Analyst& operator=(const Analyst&) = delete;

    // Waits while the queue is full; rethrows what the callback threw.
    void push(const AVFrame& frame, int64_t pts_us) {
        FramePtr ref(av_frame_clone(&frame));
        if (!ref) {
            throw MediaError("cannot pass a decoded frame on (out of memory)");
        }
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this]() { return m_queue.size() < kQueued || m_failure; });
        rethrow_failure();
        m_queue.push_back(Queued{std::move(ref), pts_us});
        m_changed.notify_all();
    }

    // Waits until every pushed frame has been handled; rethrows what the callback threw.
    void drain() {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this]() { return (m_queue.empty() && !m_busy) || m_failure; });
        rethrow_failure();
    }

  private:
    static constexpr size_t kQueued = 4;

    struct Queued {
        FramePtr frame;
        int64_t pts_us = 0;
    };

    void rethrow_failure() {
        if (m_failure) {
            std::exception_ptr failure = m_failure;
            m_queue.clear();
            std::rethrow_exception(failure);
        }
    }

    void loop() {
        while (true) {
            Queued item;
            {
                std::unique_lock lock(m_mutex);
                m_changed.wait(lock, [this]() { return !m_queue.empty() || m_closing; });
                if (m_queue.empty()) {
                    return;
                }
                item = std::move(m_queue.front());
                m_queue.pop_front();
                m_busy = true;
            }
            m_changed.notify_all();
            try {
                const cv::Mat& luma = m_scaler.scale(*item.frame);
                LumaFrame out;
                out.pts_us = item.pts_us;
                out.width = luma.cols;
                out.height = luma.rows;
                out.stride = static_cast<int32_t>(luma.step[0]);
                out.data = luma.data;
                out.decoded = item.frame.get();
                m_on_frame(out);
            } catch (...) {
                std::lock_guard lock(m_mutex);
                m_failure = std::current_exception();
            }
            {
                std::lock_guard lock(m_mutex);
                m_busy = false;
            }
            m_changed.notify_all();
        }
    }

    const FrameCallback& m_on_frame;
    LumaScaler m_scaler;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Queued> m_queue;
    bool m_busy = false;
    bool m_closing = false;
    std::exception_ptr m_failure;
    std::thread m_thread;  // last: starts once everything it uses exists
};

// Picks the frames to sample and hands them to the analyst.
class Sampler {
  public:
    Sampler(const FrameSourceOptions& options, double stream_fps, const FrameCallback& on_frame)
        : m_analyst(options.luma_width, on_frame) {
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
        ++stats.frames_sampled;
        m_analyst.push(frame, pts_us);
    }

    void restart() { m_last_slot = std::numeric_limits<int64_t>::min(); }
    void drain() { m_analyst.drain(); }

  private:
    Analyst m_analyst;
    int64_t m_period_us = 200'000;
    int64_t m_tolerance_us = 0;
    int64_t m_last_slot = std::numeric_limits<int64_t>::min();
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
        // A raw elementary stream (.h264, .h265) has no container clock: its frames are timed by
        // the frame rate, in the order the decoder outputs them (display order).
        m_raw = is_elementary_stream(*m_input.format);
        if (m_raw && stream_fps <= 0.0) {
            throw MediaError(path.string() +
                             ": raw elementary stream without a frame rate: its frames cannot "
                             "be timed");
        }
        // Frames without a timestamp (raw streams; program streams that put several frames in
        // one PES packet) come one frame period after the previous frame.
        m_frame_us = stream_fps > 0.0 ? 1e6 / stream_fps : 0.0;
        m_sampler.emplace(options, stream_fps, on_frame);
        m_packet.reset(av_packet_alloc());
        m_frame.reset(av_frame_alloc());
        check_allocated(m_packet && m_frame, path, "allocate frames to decode");
    }

    DecodeStats run(const std::vector<Span>& spans) {
        if (spans.empty() || m_raw) {  // a raw stream cannot seek by time: decode it whole
            decode_span({0, kOpenEnd}, false);
        } else {
            for (const Span& span : spans) {
                decode_span(span, true);
            }
        }
        m_sampler->drain();
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
        m_previous_us.reset();
        while (true) {
            int rc = av_read_frame(m_input.format.get(), m_packet.get());
            if (rc < 0) {
                break;
            }
            if (m_packet->stream_index != m_input.video_stream) {
                av_packet_unref(m_packet.get());
                continue;
            }
            // Decode order: once a packet's dts reaches the span's end, every later packet shows
            // after it; the flush below still delivers the reordered frames before it.
            int64_t packet_ts = m_packet->dts != AV_NOPTS_VALUE ? m_packet->dts : m_packet->pts;
            if (packet_ts != AV_NOPTS_VALUE && span.end_us < kOpenEnd &&
                to_us(packet_ts) >= span.end_us) {
                av_packet_unref(m_packet.get());
                break;
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
            int64_t ts = m_raw ? AV_NOPTS_VALUE : m_frame->best_effort_timestamp;
            std::optional<int64_t> timed;
            if (ts != AV_NOPTS_VALUE) {
                timed = to_us(ts);
            } else if (m_frame_us > 0.0) {
                timed = m_previous_us ? *m_previous_us + static_cast<int64_t>(m_frame_us) : 0;
            }
            if (timed) {
                int64_t pts_us = *timed;
                m_previous_us = pts_us;
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
    bool m_raw = false;
    double m_frame_us = 0.0;
    std::optional<int64_t> m_previous_us;  // the last frame's time, for frames without one
    std::optional<Sampler> m_sampler;
    PacketPtr m_packet;
    FramePtr m_frame;
    DecodeStats m_stats;
};

}  // namespace

DecodeStats decode_frames(const std::filesystem::path& path, const FrameSourceOptions& options,
                          const FrameCallback& on_frame) {
    // The decoder's threads already fill the cores; OpenCV's own worker pool on top of them
    // measured slower (its workers spin and yield) on frames this small.
    cv::setNumThreads(1);
    Pass pass(path, options, on_frame);
    return pass.run(options.decode_spans);
}

}  // namespace footage::media
