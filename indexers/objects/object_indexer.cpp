#include "indexers/objects/object_indexer.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>

#include "indexers/objects/appearance.hpp"
#include "indexers/objects/appearance_store.hpp"
#include "indexers/objects/coco_labels.hpp"
#include "indexers/objects/color_name.hpp"
#include "indexers/objects/crop_pass.hpp"
#include "indexers/objects/detector.hpp"
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
// is looked at this often while it moves (under the tracker's 3-s gap, with a sample to spare,
// so that someone standing still keeps one track), and whenever the windows cannot hold it all.
constexpr int64_t kWholeFramePeriodUs = 2'400'000;

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
        m_model = find_model();
        m_stored_motion = recording.recalled.get(kMotionSpans);
        m_tracker = Tracker();
        m_crops = CropPass();
        m_appearances = AppearanceAccumulator();
        m_pictures.clear();
        m_last_picture_us = -kLookPeriodUs;
        m_examined = 0;
        m_last_examined_us = -kStillPeriodUs;
        m_last_whole_us = -kWholeFramePeriodUs;
        m_last_motion_us = -kLingerUs - 1;
    }

    void on_frame(const media::LumaFrame& frame, FrameNotes& notes) override {
        if (frame.decoded == nullptr) {
            return;
        }
        if (moving(frame.pts_us, notes)) {
            m_last_motion_us = frame.pts_us;
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
        ObjectMeta meta{kModelName, model_sha256(m_model), kStoreConfidence, m_examined};
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
    // show all of it (crop_pass); then the windows, whose boxes reach the tracker once looked at.
    void examine(const media::LumaFrame& frame, bool active) {
        if (!m_detector) {
            m_detector = pool().acquire(m_model);
        }
        LookedAt whole{frame.pts_us, {}, {}};
        CropPlan plan = m_crops.plan(frame, whole.found);
        if (!m_crops.applies(frame) || !active || plan.uncovered_cells > 0 ||
            frame.pts_us - m_last_whole_us >= kWholeFramePeriodUs) {
            m_last_whole_us = frame.pts_us;
            const cv::Mat& image =
                m_scaler.scale(*frame.decoded, Detector::kInputSize, Detector::kInputSize);
            whole.found = m_detector->detect(image, kStoreConfidence);
            // The picture the appearance of this frame's boxes is taken from, kept until its
            // boxes reach the tracker.
            if (m_appearances.enabled()) {
                m_pictures[frame.pts_us] = image.clone();
            }
            for (const Detection& d : whole.found) {
                const double size = Detector::kInputSize;
                whole.colors.emplace_back(dominant_color(
                    image,
                    cv::Rect(static_cast<int>(d.box.x * size), static_cast<int>(d.box.y * size),
                             static_cast<int>(d.box.w * size), static_cast<int>(d.box.h * size))));
            }
            plan = m_crops.plan(frame, whole.found);
        } else if (m_appearances.enabled() &&
                   frame.pts_us - m_last_picture_us >= kLookPeriodUs - 50'000) {
            // Frames seen through windows give their boxes' appearance too: more sightings.
            m_last_picture_us = frame.pts_us;
            m_pictures[frame.pts_us] =
                m_scaler.scale(*frame.decoded, Detector::kInputSize, Detector::kInputSize).clone();
        }
        m_crops.add(frame, plan, std::move(whole), *m_detector, kStoreConfidence);
        track(m_crops.done(m_detector.get(), kStoreConfidence, false));
        ++m_examined;
    }

    // Boxes reach the tracker in time order, each giving its track a sighting of its appearance.
    void track(const std::vector<LookedAt>& frames) {
        for (const LookedAt& looked : frames) {
            const std::vector<int32_t> ids =
                m_tracker.add(looked.pts_us, looked.found, looked.colors);
            auto seen = m_pictures.find(looked.pts_us);
            if (seen != m_pictures.end()) {
                for (size_t i = 0; i < looked.found.size(); ++i) {
                    m_appearances.add(ids[i], seen->second, looked.found[i].box,
                                      looked.found[i].confidence);
                }
            }
            m_pictures.erase(m_pictures.begin(), m_pictures.upper_bound(looked.pts_us));
        }
    }

    std::filesystem::path m_model;
    std::unique_ptr<Detector> m_detector;
    media::ColorScaler m_scaler;
    CropPass m_crops;
    const std::vector<media::Span>* m_stored_motion = nullptr;
    Tracker m_tracker;
    AppearanceAccumulator m_appearances;
    std::map<int64_t, cv::Mat> m_pictures;  // examined frames by pts, until their boxes are tracked
    int64_t m_examined = 0;
    int64_t m_last_examined_us = 0;
    int64_t m_last_whole_us = 0;
    int64_t m_last_picture_us = 0;
    int64_t m_last_motion_us = 0;
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
