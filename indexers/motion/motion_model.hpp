#pragma once
// Per-pixel background model that turns sampled luma frames into a coarse activity grid.
// Robust to sensor noise (blur + a threshold that follows the measured noise), to slow and
// global lighting change (the frame's median shift from the background is removed before
// comparing), and to ghosts: the background starts as the per-pixel median of the first
// samples, so an object in the first frame that moves away is not mistaken for background,
// and a changed pixel that then stays put for a few seconds becomes background. A clock burned
// into the picture (clock_finder) is looked for in the first samples, unless it was found before,
// and its line ignored.
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>

#include "lib/media/clock_finder.hpp"
#include "lib/media/frame_source.hpp"

namespace footage::indexers::motion {

struct ModelParams {
    int32_t cols = 32;
    int32_t rows = 18;
    int32_t min_threshold = 10;   // luma levels; a pixel never counts below this change
    double noise_factor = 4.0;    // threshold = max(min_threshold, noise_factor * noise sigma)
    double learn_rate = 0.1;      // per sample, for background pixels
    int32_t absorb_after = 10;    // samples a changed pixel must stay still to become background
    int32_t startup_samples = 5;  // the first background is the median of this many samples
    int32_t clock_samples = media::kClockSamples;  // a burned-in clock is looked for in these
};

class MotionModel {
  public:
    explicit MotionModel(const ModelParams& params = {});

    // Called with each sample's activity grid: cols * rows bytes, row-major, each the share of
    // the cell's pixels that differ from the background (0 none .. 255 all). Valid only during
    // the call.
    using GridCallback = std::function<void(int64_t pts_us, const std::vector<uint8_t>& grid)>;

    // Grids come out in the order of the frames, but the first samples' only once it is known
    // whether a clock is burned in (after `clock_samples` frames, or at flush()).
    void update(const media::LumaFrame& frame, const GridCallback& emit);
    void flush(const GridCallback& emit);

    // A clock already found in the samples this model would look in (the still plan's probe):
    // its line (fractions of the frame) is ignored from the first sample, and no grid is held.
    // Forgotten, and looked for again, if the picture changes size. Call before update().
    void assume_clock(const media::Box& line) { m_assumed_line = line; }

    // The grid of the last frame judged, at once: before the clock is looked for, with its line.
    int64_t judged_pts_us() const { return m_judged_us; }
    const std::vector<uint8_t>& judged_grid() const { return m_grid; }

    // The burned-in clock whose line is ignored, in the sampled frame's pixels, once looked for
    // (its digit unknown when it was assumed).
    const std::optional<media::ClockLine>& clock() const { return m_clock; }

    // The luma difference a pixel needed to count in the last frame.
    int32_t threshold() const { return m_threshold; }

  private:
    void start(const GridCallback& emit);
    void compare(const cv::Mat& blurred, int64_t pts_us, const GridCallback& emit);
    void measure_shift(const cv::Mat& blurred);
    void settle_clock(const GridCallback& emit);
    void take_assumed_clock(const cv::Size& size);
    void forget_clock(const GridCallback& emit);
    void grid_of(const cv::Mat& changed);

    struct Startup {
        int64_t pts_us;
        cv::Mat blurred;
    };

    ModelParams m_params;
    cv::Mat m_blurred;
    cv::Mat m_background;  // CV_32F
    cv::Mat m_previous;    // CV_8U, the last blurred frame
    cv::Mat m_still_for;   // CV_8U, samples a changed pixel has stayed put
    std::vector<int32_t> m_cell_of_column;
    std::vector<int32_t> m_cell_of_row;
    std::vector<int32_t> m_cell_pixels;
    std::vector<int32_t> m_changed;
    std::vector<uint8_t> m_grid;
    double m_shift = 0.0;   // median (frame - background) of the current frame
    double m_sigma = -1.0;  // smoothed noise estimate; negative until measured
    int32_t m_threshold = 0;
    std::vector<Startup> m_startup;  // samples waiting for the first background
    // Until the clock is looked for: the samples, and which of their pixels changed.
    bool m_clock_settled = false;
    std::vector<media::TimedFrame> m_clock_samples;
    std::vector<media::TimedFrame> m_held_changes;
    cv::Mat m_changed_pixels;  // CV_8U, 1 where the last frame changed
    cv::Mat m_ignored;         // CV_8U, 1 on the clock's line; empty without a clock
    std::optional<media::ClockLine> m_clock;
    std::optional<media::Box> m_assumed_line;
    int64_t m_judged_us = -1;
};

}  // namespace footage::indexers::motion
