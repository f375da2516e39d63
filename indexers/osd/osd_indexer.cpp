#include "indexers/osd/osd_indexer.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "indexers/osd/native_luma.hpp"
#include "indexers/osd/osd_camera.hpp"
#include "indexers/osd/osd_reader.hpp"
#include "indexers/osd/osd_store.hpp"
#include "lib/timecode/time.hpp"
#include "lib/timecode/zone.hpp"
#include "lib/util/error.hpp"

namespace footage::indexers::osd {

namespace {

// The reader learns the font from ~11 s of a running clock (ten seconds' glyphs and a change of
// the tens), a few frames a second. The burst is decoded whole (P-frames chain), so each second
// of it costs the stream's frame rate in decoded frames: 12 s where the pass would decode them
// for the OSD alone; on to the reader's whole window (kLearningWindowUs, 15 s) where the pass
// decodes them anyway. Hard clocks (a busy background behind the digits, glyphs of a CJK date)
// are learnt in 14-15 s at 4 frames a second and not in 12 s.
constexpr int64_t kFirstBurstUs = 12'000'000;
// Learning at the start rather than in a stretch decoded anyway is worth this much decoding.
constexpr int64_t kStartWorthUs = 4'000'000;
constexpr double kSampleFps = 4.0;
constexpr int64_t kMinGapUs = 150'000;  // denser frames add nothing (the reader's own floor)
// Later, a few frames every few minutes, read with the templates learnt at the start: they
// show a clock that jumps, stops or drifts within the recording.
constexpr int64_t kLaterEveryUs = 5 * 60 * 1'000'000LL;
// Three readings (a jump is three consecutive readings off the line), 0.5 s apart; the decoder
// starts at the keyframe before, so a shorter burst saves about its length in decoded frames.
constexpr int64_t kLaterBurstUs = 1'500'000;
constexpr int64_t kLaterGapUs = 500'000;
constexpr int64_t kEndBurstUs = 2'000'000;
// Cutting the frames kept to the clock's line costs a second read of the learning frames; it
// pays in memory from ~20 minutes on (four later bursts: 12 whole frames and more).
constexpr size_t kBandFromBursts = 6;

std::optional<DateHint> hint_of(const RecordingContext& recording) {
    if (!recording.start_recorder_us || recording.zone.empty() ||
        !(recording.time_source.starts_with("name:") || recording.time_source == "declared")) {
        return std::nullopt;
    }
    try {
        timecode::Zone zone = timecode::Zone::parse(recording.zone);
        int64_t local = *recording.start_recorder_us +
                        int64_t{zone.offset_at_utc(*recording.start_recorder_us)} * 1'000'000;
        timecode::Civil civil = timecode::us_to_civil(local);
        return DateHint{civil.year, civil.month, civil.day};
    } catch (const Error&) {
        return std::nullopt;
    }
}

class OsdIndexer : public Indexer {
  public:
    FrameNeeds needs() const override { return FrameNeeds{kSampleFps, 320}; }

    std::optional<std::vector<media::Span>> wanted_spans(
        const RecordingContext& recording) const override {
        return osd_bursts(recording.duration_us, {{0, recording.duration_us}});
    }

    std::vector<media::Span> required_spans(const RecordingContext& recording,
                                            const std::vector<media::Span>& decoded) override {
        m_choice = OsdFrameChoice(osd_bursts(recording.duration_us, decoded));
        return m_choice.bursts();
    }

    void begin(const RecordingContext& recording) override {
        m_choice = OsdFrameChoice(osd_bursts(recording.duration_us, {{0, recording.duration_us}}));
        m_hint = hint_of(recording);
        m_result.reset();
        m_samples.clear();
        m_frames.clear();
        m_band.reset();
        m_band_tried = false;
    }

    void on_frame(const media::LumaFrame& frame, FrameNotes& notes) override {
        (void)notes;
        if (frame.decoded == nullptr || frame.pts_us < 0) {
            return;
        }
        const std::vector<media::Span>& bursts = m_choice.bursts();
        if (!m_band_tried && bursts.size() >= kBandFromBursts && !m_samples.empty() &&
            frame.pts_us >= bursts.front().end_us) {
            find_band();
        }
        if (!m_choice.wanted(frame.pts_us)) {
            return;
        }
        cv::Mat grey = m_luma.grey(*frame.decoded);
        if (!m_samples.empty() && grey.size() != m_frame_size) {
            return;  // a resolution change mid-stream: the reader compares like with like
        }
        m_frame_size = grey.size();
        if (m_band) {
            grey = grey.rowRange(*m_band).clone();
        }
        m_choice.taken(frame.pts_us);
        m_frames.push_back(frame.pts_us);
        m_samples.push_back(OsdSample{frame.pts_us, std::move(grey)});
    }

    // The clock at the first frame, when it was read and its date order and its AM/PM are
    // settled (an ambiguous one is never taken as a start: it may be a day or 12 hours off).
    std::optional<int64_t> start_local_us() override {
        const OsdResult& result = read();
        if (!result.found || result.has_flag("ambiguous_date_order") ||
            result.has_flag("ambiguous_am_pm")) {
            return std::nullopt;
        }
        return result.osd_at_zero_us;
    }

    void finish(catalog::Catalog& catalog, const RecordingContext& recording) override {
        const OsdResult& result = read();
        OsdRecord record;
        record.found = result.found;
        record.failure = result.failure;
        record.format = result.format;
        record.alternative_format = result.alternative_format;
        record.region_x = result.region.x;
        record.region_y = result.region.y;
        record.region_w = result.region.width;
        record.region_h = result.region.height;
        record.osd_at_zero_us = result.osd_at_zero_us;
        record.rate = result.rate;
        record.flags = result.flags;
        record.bursts = m_choice.bursts();
        record.frames = m_frames;
        record.readings = result.readings;
        record.zone = recording.zone.empty() ? "UTC" : recording.zone;
        if (result.found && recording.start_recorder_us) {
            try {
                timecode::Zone zone = timecode::Zone::parse(record.zone);
                record.offset_us = zone.local_to_utc(result.osd_at_zero_us) -
                                   *recording.start_recorder_us;
            } catch (const Error&) {
                record.offset_us.reset();
            }
        }
        store_osd(catalog, recording.recording_id, record);
    }

  private:
    // Once the font is learnt (in a recording long enough), only the rows of the clock's line
    // (and its height above and below) are kept of every frame: ~90 of 1080 rows. Read from
    // those, the clock is found in the same place; where it is not found at first, whole frames
    // are kept.
    void find_band() {
        m_band_tried = true;
        OsdResult learnt = read_osd_clock(m_samples, m_hint);
        if (!learnt.found || learnt.region.height <= 0) {
            return;
        }
        const cv::Rect& line = learnt.region;
        m_band = cv::Range(std::max(0, line.y - line.height),
                           std::min(m_frame_size.height, line.y + 2 * line.height));
        for (OsdSample& sample : m_samples) {
            sample.image = sample.image.rowRange(*m_band).clone();
        }
    }

    // Reads the frames kept (once; they are dropped after).
    const OsdResult& read() {
        if (!m_result) {
            m_result = read_osd_clock(m_samples, m_hint);
            m_samples.clear();
            if (m_band && m_result->found) {
                m_result->region.y += m_band->start;
            }
        }
        return *m_result;
    }

    OsdFrameChoice m_choice;
    std::optional<DateHint> m_hint;
    std::optional<OsdResult> m_result;
    std::vector<OsdSample> m_samples;
    std::vector<int64_t> m_frames;
    NativeLuma m_luma;
    cv::Size m_frame_size;
    std::optional<cv::Range> m_band;  // the rows kept, once the clock's line is known
    bool m_band_tried = false;
};

std::optional<MeasuredClock> measure_clock(catalog::Catalog& catalog,
                                          const std::string& camera_id) {
    std::optional<CameraOsd> osd = camera_osd(catalog, camera_id);
    if (!osd) {
        return std::nullopt;
    }
    return MeasuredClock{"osd", osd->recordings, osd->flagged, osd->median_offset_us,
                         osd->drift_seconds_per_day};
}

}  // namespace

std::vector<media::Span> osd_bursts(int64_t duration_us, const std::vector<media::Span>& decoded) {
    const int64_t length = std::max<int64_t>(duration_us, 1);
    std::vector<media::Span> stretches;
    for (const media::Span& span : decoded) {
        media::Span clipped{std::max<int64_t>(span.start_us, 0), std::min(span.end_us, length)};
        if (clipped.start_us < clipped.end_us) {
            stretches.push_back(clipped);
        }
    }
    auto length_of = [](const media::Span& s) { return s.end_us - s.start_us; };

    // Learning: at the start when that costs little more than the pass decodes anyway (the
    // clock at the first frame is the reference; learnt later, it is extrapolated, and a clock
    // set or stopped before is not seen); else in the first decoded stretch long enough that
    // starts in the first period (the reader learns from its first samples, so nothing before
    // it is read); else in the longest one there, lengthened (it starts on a keyframe, so only
    // the length added is decoded).
    int64_t start_cost = std::min(length, kFirstBurstUs);
    for (const media::Span& stretch : stretches) {
        start_cost -=
            std::max<int64_t>(0, std::min(stretch.end_us, kFirstBurstUs) - stretch.start_us);
    }
    std::optional<media::Span> base;
    for (const media::Span& stretch : stretches) {
        if (start_cost <= kStartWorthUs) {
            base = media::Span{0, 0};
            break;
        }
        if (stretch.start_us >= kLaterEveryUs) {
            break;
        }
        if (length_of(stretch) >= kFirstBurstUs) {
            base = stretch;
            break;
        }
        if (!base || length_of(stretch) > length_of(*base)) {
            base = stretch;
        }
    }
    media::Span learn{base ? base->start_us : 0, 0};
    learn.end_us = std::min(length, learn.start_us + kFirstBurstUs);
    if (learn.end_us - learn.start_us < kFirstBurstUs) {
        learn.start_us = std::max<int64_t>(0, learn.end_us - kFirstBurstUs);
    }
    // On to the reader's whole window as far as the pass decodes it anyway: more seconds to
    // learn a hard font from, at no cost.
    for (const media::Span& stretch : stretches) {
        if (stretch.start_us <= learn.end_us && stretch.end_us > learn.end_us) {
            learn.end_us = std::min({stretch.end_us, learn.start_us + kLearningWindowUs, length});
        }
    }
    std::vector<media::Span> bursts{learn};

    // Then one short burst per period, in the decoded stretch nearest its mark when one is long
    // enough, else at the mark; none where the burst before already lies in the period.
    for (int64_t mark = kLaterEveryUs; mark + kLaterBurstUs <= length; mark += kLaterEveryUs) {
        const int64_t from = mark - kLaterEveryUs / 2;
        const int64_t to = std::min(length, mark + kLaterEveryUs / 2);
        if (bursts.back().end_us > from) {
            continue;
        }
        std::optional<int64_t> best;
        for (const media::Span& stretch : stretches) {
            const int64_t lo = std::max(stretch.start_us, from);
            const int64_t hi = std::min(stretch.end_us, to) - kLaterBurstUs;
            if (lo > hi) {
                continue;
            }
            const int64_t at = std::clamp(mark, lo, hi);
            if (!best || std::abs(at - mark) < std::abs(*best - mark)) {
                best = at;
            }
        }
        const int64_t at = best.value_or(mark);
        bursts.push_back({at, at + kLaterBurstUs});
    }

    // And the end: a clock set or stopped in a recording shorter than the period is seen too.
    // The last GOP is always decoded: its own last seconds when it is long enough.
    media::Span end{length - kEndBurstUs, length};
    if (!stretches.empty() && stretches.back().end_us >= length &&
        length_of(stretches.back()) >= kLaterBurstUs) {
        end.start_us = std::max(end.start_us, stretches.back().start_us);
    }
    if (end.start_us >= bursts.back().end_us) {
        bursts.push_back(end);
    } else if (bursts.size() == 1 && bursts.back().end_us < length) {
        bursts.push_back({bursts.back().end_us, length});  // what the learning left of the end
    }
    return bursts;
}

OsdFrameChoice::OsdFrameChoice(std::vector<media::Span> bursts)
    : m_bursts(std::move(bursts)), m_last_us(-kLaterEveryUs) {}

bool OsdFrameChoice::wanted(int64_t pts_us) const {
    auto burst = std::find_if(m_bursts.begin(), m_bursts.end(), [&](const media::Span& s) {
        return pts_us >= s.start_us && pts_us < s.end_us;
    });
    if (burst == m_bursts.end()) {
        return false;
    }
    // The first burst (or the whole of a recording shorter than it) densely, later ones
    // sparsely: a frame at a time is read, the font is learnt only at the start (the reader
    // spreads its 64 over all of it, however densely the pass samples).
    const bool dense = burst == m_bursts.begin() || m_bursts.size() <= 1;
    return pts_us - m_last_us >= (dense ? kMinGapUs : kLaterGapUs);
}

void OsdFrameChoice::taken(int64_t pts_us) { m_last_us = pts_us; }

std::unique_ptr<Indexer> make_osd_indexer() { return std::make_unique<OsdIndexer>(); }

const IndexerInfo& osd_indexer_info() {
    static const IndexerInfo info = {
        .name = "osd",
        .description =
            "the clock burned into the picture (OSD): its format, readings and its offset from "
            "the catalogued start (for recordings and cameras); dates, and names after their "
            "folder, files whose names say nothing",
        .on_by_default = false,
        .make = &make_osd_indexer,
        .tables = kOsdTables,
        .migrations = kOsdMigrations,
        .measure_clock = &measure_clock,
    };
    return info;
}

}  // namespace footage::indexers::osd
