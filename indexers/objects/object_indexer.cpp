#include "indexers/objects/object_indexer.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

#include "indexers/objects/appearance.hpp"
#include "indexers/objects/appearance_store.hpp"
#include "indexers/objects/coco_labels.hpp"
#include "indexers/objects/color_name.hpp"
#include "indexers/objects/crop_mosaic.hpp"
#include "indexers/objects/crop_pass.hpp"
#include "indexers/objects/crop_plan.hpp"
#include "indexers/objects/detector.hpp"
#include "indexers/objects/live_track.hpp"
#include "indexers/objects/model_file.hpp"
#include "indexers/objects/object_search.hpp"
#include "indexers/objects/object_store.hpp"
#include "indexers/objects/tracker.hpp"
#include "lib/media/color_scaler.hpp"

namespace footage::indexers::objects {

namespace {

constexpr double kSampleFps = 5.0;
constexpr int64_t kActivePeriodUs = 400'000;    // where something moves: 2.5 frames a second
constexpr int64_t kStillPeriodUs = 30'000'000;  // elsewhere: one frame every 30 s
constexpr int64_t kLingerUs = 1'000'000;        // motion keeps the fast rate this long after
constexpr float kStoreConfidence = 0.3f;        // detections below this are not kept
// Where windows at the frame's own resolution look at what moves (crop_pass), the whole frame
// is looked at only when the windows cannot hold all that moves, as often as when nothing moves
// (kStillPeriodUs, for what stands still), and when a live track has gone unseen this long, has
// not left the picture and no window covers where it should be (it stopped moving, or it is
// large), so that it is looked for once before the tracker's 3-s gap ends it.
constexpr int64_t kUnseenUs = 2'000'000;
// Such a track is looked for in a window around its last box at the frame's own resolution
// (look_again_window) rather than in the whole frame (shrunk 4.6 times in 1080p, it found no
// one up to 140 px tall there), unless it is too large for a window.
//
// Motion that a live track walking alone explains (live_track.hpp: followed) is looked at every
// other time (every 0.8 s rather than 0.4 s): what the detector would find there, the tracker
// already follows, and a wrong guess costs no more than that every other look.

// Loaded detectors, shared by the recordings indexed one after another (loading one takes a
// noticeable fraction of a second). One per concurrent recording.
class DetectorPool {
  public:
    std::unique_ptr<Detector> acquire(const std::filesystem::path& model) {
        {
            std::lock_guard lock(m_mutex);
            if (model == m_model && !m_free.empty()) {
                std::unique_ptr<Detector> detector = std::move(m_free.back());
                m_free.pop_back();
                return detector;
            }
        }
        return std::make_unique<Detector>(model);
    }

    void release(const std::filesystem::path& model, std::unique_ptr<Detector> detector) {
        std::lock_guard lock(m_mutex);
        if (model != m_model) {
            m_free.clear();
            m_model = model;
        }
        m_free.push_back(std::move(detector));
    }

  private:
    std::mutex m_mutex;
    std::filesystem::path m_model;
    std::vector<std::unique_ptr<Detector>> m_free;
};

DetectorPool& pool() {
    static DetectorPool instance;
    return instance;
}

class ObjectIndexer : public Indexer {
  public:
    ~ObjectIndexer() override {
        if (m_detector) {
            pool().release(m_model, std::move(m_detector));
        }
    }

    FrameNeeds needs() const override { return FrameNeeds{kSampleFps, 320}; }

    // Where a stored motion index saw motion (kMotionSpans), only there (and a little around it),
    // plus a short span every kStillPeriodUs: the frames this indexer would examine anyway. (In one
    // pass with the motion indexer, that one needs every frame.)
    std::optional<std::vector<media::Span>> wanted_spans(
        const RecordingContext& recording) const override {
        const std::vector<media::Span>* motion = recording.recalled.get(kMotionSpans);
        if (motion == nullptr) {
            return std::nullopt;
        }
        std::vector<media::Span> spans;
        for (const media::Span& moving : *motion) {
            spans.push_back({std::max<int64_t>(0, moving.start_us - kActivePeriodUs),
                             moving.end_us + kLingerUs});
        }
        const int64_t length = std::max<int64_t>(recording.duration_us, 1);
        for (int64_t at = 0; at < length; at += kStillPeriodUs) {
            spans.push_back({at, at + kActivePeriodUs});
        }
        return spans;
    }

    void begin(const RecordingContext& recording) override {
        // A bench knob: FOOTAGE_OBJECT_FOLLOW=0 looks at followed motion every time, as before.
        const char* follow = std::getenv("FOOTAGE_OBJECT_FOLLOW");
        m_follow = follow == nullptr || std::string_view(follow) != "0";
        m_model = find_model();
        m_stored_motion = recording.recalled.get(kMotionSpans);
        TrackerRules rules;
        if (recording.width > 0 && recording.height > 0) {
            rules.aspect = static_cast<double>(recording.width) / recording.height;
        }
        m_tracker = Tracker(rules);
        m_crops = CropPass();
        if (recording.clock_line) {
            m_crops.ignore(*recording.clock_line);  // found before the pass: from the first frame
        }
        m_appearances = AppearanceAccumulator();
        m_live.clear();
        m_last_whole = LookedAt{};
        m_last_whole_luma.release();
        m_examined = 0;
        m_last_examined_us = -kStillPeriodUs;
        m_last_whole_us = -kStillPeriodUs;
        m_last_motion_us = -kLingerUs - 1;
        m_passed_last = false;
    }

    void on_frame(const media::LumaFrame& frame, FrameNotes& notes) override {
        if (frame.decoded == nullptr) {
            return;
        }
        if (moving(frame.pts_us, notes)) {
            m_last_motion_us = frame.pts_us;
        }
        if (const media::Box* clock = notes.get(kClockLine)) {
            m_crops.ignore(*clock);  // its ticking needs no window
        }
        const bool active = frame.pts_us - m_last_motion_us <= kLingerUs;
        const int64_t period = active ? kActivePeriodUs : kStillPeriodUs;
        // A little slack: samples come every 200 ms, give or take a stream frame.
        if (frame.pts_us - m_last_examined_us >= period - 50'000) {
            m_last_examined_us = frame.pts_us;
            examine(frame, active);
        }
        m_crops.remember(frame);
    }

    void finish(catalog::Catalog& catalog, const RecordingContext& recording) override {
        track(m_crops.done(m_detector.get(), kStoreConfidence, true));
        // The model, and what ran it: the runtimes agree to a tenth of a pixel in 32-bit floats,
        // to about a pixel in bfloat16 (tests/objects_test.cpp).
        const std::string model =
            std::string(kModelName) + " on " + (m_detector ? m_detector->runtime() : "no detector");
        ObjectMeta meta{model, model_sha256(m_model), kStoreConfidence, m_examined};
        const std::vector<Track> tracks = m_tracker.finish();
        store_objects(catalog, recording.recording_id, meta, tracks);
        std::map<int32_t, Appearance> appearances;
        for (const Track& track : tracks) {
            if (!keeps_look(coco_labels()[static_cast<size_t>(track.label)])) {
                continue;
            }
            if (std::optional<Appearance> appearance = m_appearances.appearance(track.id)) {
                appearances.emplace(track.id, std::move(*appearance));
            }
        }
        store_appearances(catalog, recording.recording_id, appearances);
    }

  private:
    // Whether the motion index sees motion in this frame: judged in this pass (kMovingShare),
    // else stored by an earlier one (kMotionSpans). A frame nobody judged (the motion model's
    // first samples) counts as moving.
    bool moving(int64_t pts_us, const FrameNotes& notes) const {
        if (const double* share = notes.get(kMovingShare)) {
            return *share > 0.0;
        }
        if (m_stored_motion != nullptr) {
            return std::any_of(
                m_stored_motion->begin(), m_stored_motion->end(),
                [&](const media::Span& s) { return pts_us >= s.start_us && pts_us < s.end_us; });
        }
        return true;
    }

    // The whole frame (stretched to the network's input), unless windows around what moves can
    // show all that matters (whole_needed); then the windows, whose boxes reach the tracker once
    // looked at. A still frame whose picture has not changed since the whole frame was last
    // looked at is not looked at again: it holds what that one held. Every other look at motion
    // that a track walking alone explains (live_track.hpp: followed) is passed by.
    void examine(const media::LumaFrame& frame, bool active) {
        if (!m_detector) {
            m_detector = pool().acquire(m_model);
        }
        LookedAt whole{frame.pts_us, {}, {}, {}};
        CropPlan plan = m_crops.plan(frame, whole.found);
        const bool whole_frame = whole_needed(frame, active, plan);
        if (m_follow && !whole_frame && !m_passed_last &&
            followed(plan.windows, m_live, frame.pts_us,
                     cv::Size(frame.decoded->width, frame.decoded->height), Mosaic::kQuarter)) {
            m_passed_last = true;  // the next look is not passed by
            return;
        }
        m_passed_last = false;
        const std::optional<CropPlan> again = look_again(frame, plan);
        if (whole_frame || !again) {
            m_last_whole_us = frame.pts_us;
            if (!active && unchanged_since_whole(frame)) {
                whole = m_last_whole;
                whole.pts_us = frame.pts_us;
            } else {
                whole = look_whole(frame);
                m_last_whole = whole;
                luma_of(frame).copyTo(m_last_whole_luma);
            }
            plan = m_crops.plan(frame, whole.found);
        } else {
            plan.windows.insert(plan.windows.end(), again->windows.begin(), again->windows.end());
            plan.shown.insert(plan.shown.end(), again->shown.begin(), again->shown.end());
        }
        m_crops.add(frame, plan, std::move(whole), *m_detector, kStoreConfidence);
        track(m_crops.done(m_detector.get(), kStoreConfidence, false));
        ++m_examined;
    }

    // The detector's time goes with the pixels it is shown: where windows apply, the whole frame
    // only when the windows cannot stand in for it.
    bool whole_needed(const media::LumaFrame& frame, bool active, const CropPlan& plan) const {
        return !m_crops.applies(frame) || !active || !m_crops.has_previous() ||
               plan.uncovered_cells > 0 || frame.pts_us - m_last_whole_us >= kStillPeriodUs;
    }

    // Whether a live track is to be looked for again: it has gone unseen kUnseenUs (not past the
    // tracker's gap), has not been looked for since it was last seen (by the whole frame or a
    // window of its own), has not left the picture at its last speed and no window of `plan`
    // covers where it should be (it stopped moving, or it is large).
    bool sought(const LiveTrack& live, int64_t pts_us, cv::Size frame,
                const std::vector<cv::Rect>& windows) const {
        const int64_t unseen_us = pts_us - live.last_us;
        return unseen_us >= kUnseenUs && unseen_us <= TrackerRules{}.max_gap_us &&
               m_last_whole_us <= live.last_us && live.sought_us < live.last_us &&
               !gone(live, pts_us) && !held(live, pts_us, frame, windows);
    }

    // The windows that look for the tracks sought() around their last boxes (each is then
    // marked sought); nullopt when one of them does not fit a window (the whole frame looks).
    std::optional<CropPlan> look_again(const media::LumaFrame& frame, const CropPlan& plan) {
        CropPlan again;
        if (!m_crops.applies(frame)) {
            return again;
        }
        const cv::Size size(frame.decoded->width, frame.decoded->height);
        for (auto& [id, live] : m_live) {
            if (!sought(live, frame.pts_us, size, plan.windows)) {
                continue;
            }
            live.sought_us = frame.pts_us;
            const std::optional<LookAgain> look =
                look_again_window(cv::Rect(static_cast<int32_t>(live.box.x * size.width),
                                           static_cast<int32_t>(live.box.y * size.height),
                                           static_cast<int32_t>(live.box.w * size.width),
                                           static_cast<int32_t>(live.box.h * size.height)),
                                  size);
            if (!look) {
                return std::nullopt;
            }
            again.windows.push_back(look->window);
            again.shown.push_back(look->shown);
        }
        return again;
    }

    static cv::Mat luma_of(const media::LumaFrame& frame) {
        return cv::Mat(frame.height, frame.width, CV_8UC1, const_cast<uint8_t*>(frame.data),
                       static_cast<size_t>(frame.stride));
    }

    bool unchanged_since_whole(const media::LumaFrame& frame) const {
        return !m_last_whole_luma.empty() && frame.data != nullptr &&
               moving_cell_count(m_last_whole_luma, luma_of(frame)) == 0;
    }

    LookedAt look_whole(const media::LumaFrame& frame) {
        LookedAt whole{frame.pts_us, {}, {}, {}};
        const cv::Mat& image =
            m_scaler.scale(*frame.decoded, Detector::kInputSize, Detector::kInputSize);
        whole.found = m_detector->detect(image, kStoreConfidence);
        const std::shared_ptr<const Shown> picture =
            std::make_shared<const Shown>(Shown{image.clone()});
        for (const Detection& d : whole.found) {
            const double size = Detector::kInputSize;
            whole.colors.emplace_back(dominant_color(
                image,
                cv::Rect(static_cast<int>(d.box.x * size), static_cast<int>(d.box.y * size),
                         static_cast<int>(d.box.w * size), static_cast<int>(d.box.h * size))));
            whole.views.push_back(View{picture, d.box});
        }
        return whole;
    }

    // Boxes reach the tracker in time order, each with a sighting of its appearance where it was
    // seen (the whole frame or a window), and keep the tracks they joined live.
    void track(const std::vector<LookedAt>& frames) {
        for (const LookedAt& looked : frames) {
            const std::vector<int32_t> ids =
                m_tracker.add(looked.pts_us, looked.found, looked.colors);
            for (size_t i = 0; i < looked.found.size(); ++i) {
                const media::Box& box = looked.found[i].box;
                const auto [entry, first_sighting] = m_live.try_emplace(ids[i]);
                LiveTrack& live = entry->second;
                if (!first_sighting && looked.pts_us > live.last_us) {
                    const double seconds = static_cast<double>(looked.pts_us - live.last_us) / 1e6;
                    live.vx = (box.x + box.w / 2 - live.box.x - live.box.w / 2) / seconds;
                    live.vy = (box.y + box.h / 2 - live.box.y - live.box.h / 2) / seconds;
                }
                live.last_us = looked.pts_us;
                live.box = box;
                ++live.sightings;
                if (m_appearances.enabled() && i < looked.views.size() && looked.views[i].picture) {
                    m_appearances.add(ids[i], looked.views[i].picture->image, looked.views[i].box,
                                      looked.found[i].confidence);
                }
            }
            std::erase_if(m_live, [&](const auto& live) {
                return looked.pts_us - live.second.last_us > TrackerRules{}.max_gap_us;
            });
        }
    }

    std::filesystem::path m_model;
    std::unique_ptr<Detector> m_detector;
    media::ColorScaler m_scaler;
    CropPass m_crops;
    const std::vector<media::Span>* m_stored_motion = nullptr;
    Tracker m_tracker;
    AppearanceAccumulator m_appearances;
    std::map<int32_t, LiveTrack> m_live;  // tracks not yet ended, by ID
    LookedAt m_last_whole;                // what the whole frame last looked at held
    cv::Mat m_last_whole_luma;            // and its small grey picture
    int64_t m_examined = 0;
    int64_t m_last_examined_us = 0;
    int64_t m_last_whole_us = 0;
    int64_t m_last_motion_us = 0;
    bool m_follow = true;        // followed motion is looked at every other time
    bool m_passed_last = false;  // the last look was passed by (followed)
};

constexpr std::string_view kTables[] = {"object_meta", "object_tracks", "object_detections",
                                        "object_appearance"};

}  // namespace

std::unique_ptr<Indexer> make_object_indexer() { return std::make_unique<ObjectIndexer>(); }

void prepare_object_indexer() {
    std::filesystem::path model = find_model();
    model_sha256(model);
    pool().release(model, pool().acquire(model));
}

const IndexerInfo& object_indexer_info() {
    static const IndexerInfo info = {
        .name = "objects",
        .description =
            "COCO objects (people, vehicles, ...) with colour where there is motion (for "
            "search --object); needs the detector from scripts/fetch_models.sh",
        .on_by_default = false,
        .make = &make_object_indexer,
        .prepare = &prepare_object_indexer,
        .tables = kTables,
        .migrations = appearance_migrations(),
        .search = &kObjectSearch,
    };
    return info;
}

}  // namespace footage::indexers::objects
