#include "lib/evidence/mp4_repair.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string_view>
#include <vector>

extern "C" {
#include <libavutil/mathematics.h>
}

#include "lib/evidence/safe_open.hpp"
#include "lib/evidence/sha256.hpp"
#include "lib/media/av_error.hpp"
#include "lib/media/ffmpeg_ptr.hpp"
#include "lib/media/mp4_boxes.hpp"
#include "lib/media/nal_access_units.hpp"
#include "lib/util/clock.hpp"
#include "lib/util/error.hpp"

namespace footage::evidence {

namespace fs = std::filesystem;

namespace {

// Pictures that fail to decode with the healthy file's parameters, beyond which the two files
// are taken to be from different cameras or settings (a few broken ones are the cut's damage).
constexpr double kMaxUndecodableShare = 0.1;
// A picture larger than this is not a camera's (an 8K intra picture is a few MB); FFmpeg's
// packets hold at most INT_MAX bytes.
constexpr uint64_t kMaxPictureBytes = uint64_t{256} << 20;

class ReadOnlyMap {
  public:
    ReadOnlyMap(int fd, uint64_t size, const std::string& name) : m_size(size) {
        void* at = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (at == MAP_FAILED) {
            throw IoError(name + ": cannot be read: " + std::strerror(errno));
        }
        m_data = static_cast<const char*>(at);
    }
    ~ReadOnlyMap() { ::munmap(const_cast<char*>(m_data), m_size); }
    ReadOnlyMap(const ReadOnlyMap&) = delete;
    ReadOnlyMap& operator=(const ReadOnlyMap&) = delete;
    std::string_view bytes() const { return {m_data, m_size}; }

  private:
    const char* m_data = nullptr;
    uint64_t m_size = 0;
};

// Removes the partial output unless released.
class PartialFile {
  public:
    explicit PartialFile(fs::path path) : m_path(std::move(path)) {}
    ~PartialFile() {
        if (!m_path.empty()) {
            std::error_code ignored;
            fs::remove(m_path, ignored);
        }
    }
    PartialFile(const PartialFile&) = delete;
    PartialFile& operator=(const PartialFile&) = delete;
    const fs::path& path() const { return m_path; }
    void release() { m_path.clear(); }

  private:
    fs::path m_path;
};

struct Opened {
    OpenedFile file;
    RepairedFile facts;
};

Opened open_input_file(const fs::path& path) {
    Opened opened;
    opened.file = open_regular(path, /*follow=*/true);
    if (!opened.file.problem.empty()) {
        throw UsageError(path.string() + ": " + opened.file.problem);
    }
    opened.facts.path = fs::absolute(path).lexically_normal().string();
    opened.facts.size = opened.file.size;
    opened.facts.sha256 = sha256_fd(opened.file.fd.get(), path.string(), opened.file.size);
    return opened;
}

struct Mdat {
    uint64_t start = 0;  // first payload byte
    uint64_t end = 0;    // one past the last payload byte present in the file
};

// The first mdat's payload as far as the file holds it. Refuses what is not an MP4, and an MP4
// that has its index (nothing to repair).
Mdat find_mdat(std::string_view file, const std::string& name) {
    const media::TopLevelBoxes boxes = media::top_level_boxes(file);
    if (!boxes.starts_like_mp4) {
        throw UsageError(name + ": not an MP4 (it does not start with an ftyp box)");
    }
    if (boxes.has_moov) {
        throw UsageError(name +
                         ": has its sample table (moov box): not a power-cut file, "
                         "footage indexes it as it is");
    }
    if (boxes.fragmented) {
        throw UsageError(name +
                         ": a fragmented MP4 (moof boxes): readable as it is, "
                         "footage indexes it without repair");
    }
    if (!boxes.mdat_start || boxes.mdat_end <= *boxes.mdat_start) {
        throw UsageError(name + ": not a power-cut MP4 (no mdat box with data)");
    }
    return {*boxes.mdat_start, boxes.mdat_end};
}

struct Healthy {
    media::FormatPtr format;
    AVStream* stream = nullptr;
    media::NalCodec codec = media::NalCodec::h264;
    int length_size = 4;
    AVRational rate{0, 1};
    bool has_audio = false;
};

Healthy open_healthy(int fd, const std::string& name) {
    Healthy healthy;
    AVFormatContext* raw = nullptr;
    const std::string through = fd_path(fd);
    const int opened = avformat_open_input(&raw, through.c_str(), nullptr, nullptr);
    if (opened < 0) {
        throw UsageError(name + ": not a healthy MP4 (" + media::av_error_text(opened) + ")");
    }
    healthy.format.reset(raw);
    const std::string demuxer = raw->iformat->name;
    if (demuxer.find("mp4") == std::string::npos) {
        throw UsageError(name + ": not an MP4 (FFmpeg reads it as " + demuxer + ")");
    }
    if (const int found = avformat_find_stream_info(raw, nullptr); found < 0) {
        throw UsageError(name + ": not a healthy MP4 (" + media::av_error_text(found) + ")");
    }
    const int index = av_find_best_stream(raw, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (index < 0) {
        throw UsageError(name + ": no video stream");
    }
    healthy.stream = raw->streams[index];
    for (unsigned i = 0; i < raw->nb_streams; ++i) {
        healthy.has_audio =
            healthy.has_audio || raw->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO;
    }
    const AVCodecParameters& par = *healthy.stream->codecpar;
    const uint8_t* extra = par.extradata;
    if (par.codec_id == AV_CODEC_ID_H264) {
        if (par.extradata_size < 7 || extra[0] != 1) {
            throw UsageError(name + ": its H.264 parameters are not in an avcC box");
        }
        healthy.length_size = (extra[4] & 3) + 1;
    } else if (par.codec_id == AV_CODEC_ID_HEVC) {
        healthy.codec = media::NalCodec::hevc;
        if (par.extradata_size < 23 || extra[0] != 1) {
            throw UsageError(name + ": its H.265 parameters are not in an hvcC box");
        }
        healthy.length_size = (extra[21] & 3) + 1;
    } else {
        throw UsageError(name + ": its video is " + avcodec_get_name(par.codec_id) +
                         "; repair rebuilds H.264 or H.265 recordings");
    }
    if (healthy.length_size == 3) {
        throw UsageError(name + ": NAL unit lengths of 3 bytes, which MP4 does not allow");
    }
    healthy.rate = healthy.stream->avg_frame_rate;
    if (healthy.rate.num <= 0 || healthy.rate.den <= 0) {
        healthy.rate = healthy.stream->r_frame_rate;
    }
    if (healthy.rate.num <= 0 || healthy.rate.den <= 0) {
        throw UsageError(name + ": no frame rate to time the recovered pictures by");
    }
    return healthy;
}

// Each picture's place in display order, learnt by decoding them in decoding order with their
// decoding index as pts (the decoder hands each picture back with its packet's pts). Throws when
// the pictures do not decode with the healthy file's parameters.
std::vector<int64_t> display_order(const std::vector<media::AccessUnit>& units,
                                   std::string_view mdat, const Healthy& healthy,
                                   const std::string& broken_name, const std::string& like_name) {
    const AVCodec* decoder = avcodec_find_decoder(healthy.stream->codecpar->codec_id);
    if (decoder == nullptr) {
        throw UsageError(like_name + ": no decoder for " +
                         avcodec_get_name(healthy.stream->codecpar->codec_id));
    }
    media::CodecContextPtr context(avcodec_alloc_context3(decoder));
    if (!context || avcodec_parameters_to_context(context.get(), healthy.stream->codecpar) < 0) {
        throw IoError(like_name + ": cannot set up a decoder");
    }
    context->thread_count = 0;
    context->skip_loop_filter = AVDISCARD_ALL;  // only the order matters, not the pixels
    if (const int opened = avcodec_open2(context.get(), decoder, nullptr); opened < 0) {
        throw UsageError(like_name + ": cannot open its decoder (" + media::av_error_text(opened) +
                         ")");
    }
    media::PacketPtr packet(av_packet_alloc());
    media::FramePtr frame(av_frame_alloc());
    std::vector<int64_t> decoded_in_display_order;
    int64_t wrong_size = 0;
    auto drain = [&]() {
        while (avcodec_receive_frame(context.get(), frame.get()) == 0) {
            if (frame->width != healthy.stream->codecpar->width ||
                frame->height != healthy.stream->codecpar->height) {
                ++wrong_size;
            } else if (frame->pts != AV_NOPTS_VALUE) {
                decoded_in_display_order.push_back(frame->pts);
            }
            av_frame_unref(frame.get());
        }
    };
    for (size_t i = 0; i < units.size(); ++i) {
        if (av_new_packet(packet.get(), static_cast<int>(units[i].size)) < 0) {
            throw IoError(broken_name + ": out of memory");
        }
        std::memcpy(packet->data, mdat.data() + units[i].offset, units[i].size);
        packet->pts = static_cast<int64_t>(i);
        packet->dts = static_cast<int64_t>(i);
        packet->flags = units[i].keyframe ? AV_PKT_FLAG_KEY : 0;
        int sent = avcodec_send_packet(context.get(), packet.get());
        while (sent == AVERROR(EAGAIN)) {
            drain();
            sent = avcodec_send_packet(context.get(), packet.get());
        }
        av_packet_unref(packet.get());
        drain();
    }
    avcodec_send_packet(context.get(), nullptr);
    drain();

    const auto total = static_cast<int64_t>(units.size());
    const auto decoded = static_cast<int64_t>(decoded_in_display_order.size());
    if (decoded == 0 ||
        static_cast<double>(total - decoded) > kMaxUndecodableShare * static_cast<double>(total)) {
        std::string why = wrong_size > 0
                              ? ", " + std::to_string(wrong_size) + " of another frame size"
                              : std::string();
        throw UsageError(broken_name + ": only " + std::to_string(decoded) + " of its " +
                         std::to_string(total) + " pictures decode with the parameters of " +
                         like_name + why + " (another camera, codec or setting?)");
    }
    std::vector<int64_t> position(units.size(), -1);
    for (size_t k = 0; k < decoded_in_display_order.size(); ++k) {
        const int64_t i = decoded_in_display_order[k];
        if (i >= 0 && i < total && position[static_cast<size_t>(i)] < 0) {
            position[static_cast<size_t>(i)] = static_cast<int64_t>(k);
        }
    }
    if (std::find(position.begin(), position.end(), int64_t{-1}) != position.end()) {
        // A picture that did not decode has no place: keep decoding order for all.
        for (size_t i = 0; i < position.size(); ++i) {
            position[i] = static_cast<int64_t>(i);
        }
    }
    return position;
}

std::string iso_utc(int64_t utc_us) {
    const std::time_t seconds = static_cast<std::time_t>(utc_us / 1000000);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[96];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", parts.tm_year + 1900,
                  parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                  static_cast<int>(utc_us % 1000000));
    return text;
}

void check_av(int code, const std::string& name, const std::string& what) {
    if (code < 0) {
        throw IoError(name + ": cannot " + what + ": " + media::av_error_text(code));
    }
}

// Writes the pictures as they are, in decoding order, timed by the frame rate.
void write_mp4(const fs::path& path, const std::vector<media::AccessUnit>& units,
               const std::vector<int64_t>& position, std::string_view mdat, const Healthy& healthy,
               const std::optional<int64_t>& start_utc_us) {
    const std::string name = path.string();
    AVFormatContext* raw = nullptr;
    check_av(avformat_alloc_output_context2(&raw, nullptr, "mp4", name.c_str()), name,
             "set up the mp4 muxer");
    media::OutputFormatPtr output(raw);
    AVStream* stream = avformat_new_stream(raw, nullptr);
    if (stream == nullptr) {
        throw IoError(name + ": cannot add a stream");
    }
    check_av(avcodec_parameters_copy(stream->codecpar, healthy.stream->codecpar), name,
             "copy the codec parameters");
    stream->codecpar->codec_tag = 0;
    const AVRational time_base = healthy.stream->time_base;
    stream->time_base = time_base;
    stream->avg_frame_rate = healthy.rate;
    if (start_utc_us) {
        av_dict_set(&raw->metadata, "creation_time", iso_utc(*start_utc_us).c_str(), 0);
    }
    check_av(avio_open(&raw->pb, name.c_str(), AVIO_FLAG_WRITE), name, "create it");
    check_av(avformat_write_header(raw, nullptr), name, "write the MP4 header");

    int64_t delay = 0;  // pictures shown before they are decoded (B-frames)
    for (size_t i = 0; i < units.size(); ++i) {
        delay = std::max(delay, static_cast<int64_t>(i) - position[i]);
    }
    const AVRational frame_time = av_inv_q(healthy.rate);
    media::PacketPtr packet(av_packet_alloc());
    for (size_t i = 0; i < units.size(); ++i) {
        check_av(av_new_packet(packet.get(), static_cast<int>(units[i].size)), name,
                 "allocate a packet");
        std::memcpy(packet->data, mdat.data() + units[i].offset, units[i].size);
        packet->stream_index = stream->index;
        packet->pts = av_rescale_q(position[i], frame_time, time_base);
        packet->dts = av_rescale_q(static_cast<int64_t>(i) - delay, frame_time, time_base);
        packet->duration = av_rescale_q(1, frame_time, time_base);
        packet->flags = units[i].keyframe ? AV_PKT_FLAG_KEY : 0;
        av_packet_rescale_ts(packet.get(), time_base, stream->time_base);
        check_av(av_write_frame(raw, packet.get()), name, "write a picture");
        av_packet_unref(packet.get());
    }
    check_av(av_write_trailer(raw), name, "finish the MP4");
    check_av(avio_closep(&raw->pb), name, "close it");
}

void sync_file(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        const int error = errno;
        if (fd >= 0) {
            ::close(fd);
        }
        throw IoError(path.string() + ": cannot be synced to disk: " + std::strerror(error));
    }
    ::close(fd);
}

nlohmann::json file_json(const RepairedFile& file) {
    return {{"path", file.path}, {"size", file.size}, {"sha256", file.sha256}};
}

// The pictures of the broken file's mdat, refused when there are none or one is larger than any
// camera writes.
media::AccessUnitScan scan_pictures(std::string_view payload, const Mdat& mdat,
                                    const Healthy& healthy, const std::string& broken_name,
                                    const std::string& like_name) {
    media::AccessUnitScan scan =
        media::scan_access_units(payload, healthy.codec, healthy.length_size);
    const char* codec_text = healthy.codec == media::NalCodec::h264 ? "H.264" : "H.265";
    if (scan.units.empty()) {
        throw UsageError(broken_name + ": no " + codec_text +
                         " picture at the start of its mdat (" +
                         (scan.stopped.empty() ? "no picture" : scan.stopped) + "); is " +
                         like_name + " from the same camera?");
    }
    for (const media::AccessUnit& unit : scan.units) {
        if (unit.size > kMaxPictureBytes) {
            throw UsageError(broken_name + ": a picture of " + std::to_string(unit.size) +
                             " bytes at byte " + std::to_string(mdat.start + unit.offset) +
                             " (more than any camera writes): not a recording footage can repair");
        }
    }
    return scan;
}

// Where the repaired file is written before it is renamed into place (its folder is made).
fs::path partial_path_for(const fs::path& out) {
    if (out.has_parent_path()) {
        std::error_code made;
        fs::create_directories(out.parent_path(), made);
        if (made) {
            throw UsageError(out.parent_path().string() +
                             ": cannot create the folder: " + made.message());
        }
    }
    return out.parent_path() /
           ("." + out.filename().string() + ".partial-" + std::to_string(::getpid()));
}

// What the repaired file holds, for the result and the custody entry.
void describe_repaired(const fs::path& partial, const Healthy& healthy,
                       const media::AccessUnitScan& scan, const Mdat& mdat, size_t payload_bytes,
                       const RepairRequest& request, RepairResult& result) {
    result.repaired.path = fs::absolute(request.out).lexically_normal().string();
    result.repaired.sha256 = sha256_file(partial);
    result.repaired.size = fs::file_size(partial);
    result.codec = healthy.codec == media::NalCodec::h264 ? "h264" : "hevc";
    result.frame_rate = std::to_string(healthy.rate.num) + "/" + std::to_string(healthy.rate.den);
    result.width = healthy.stream->codecpar->width;
    result.height = healthy.stream->codecpar->height;
    result.frames = static_cast<int64_t>(scan.units.size());
    result.keyframes = std::count_if(scan.units.begin(), scan.units.end(),
                                     [](const media::AccessUnit& unit) { return unit.keyframe; });
    result.duration_seconds = static_cast<double>(result.frames) * av_q2d(av_inv_q(healthy.rate));
    result.mdat_bytes = payload_bytes;
    result.recovered_bytes = scan.used_bytes;
    if (!scan.stopped.empty()) {
        result.stopped = scan.stopped + " at byte " + std::to_string(mdat.start + scan.stopped_at);
    }
    result.start_utc_us = request.start_utc_us;
    result.like_has_audio = healthy.has_audio;
}

// Renames the partial file to its name, never over another file. The custody entry and the file
// stand or fall together: the entry is committed only once the file is in place, and the file
// is removed if the entry cannot be committed.
void publish(const fs::path& partial, PartialFile& guard, const RepairRequest& request,
             RepairResult& result) {
    std::optional<catalog::Transaction> transaction;
    if (request.catalog != nullptr) {
        transaction.emplace(request.catalog->db());
        result.custody_seq = append_custody(*request.catalog, kRepairAction, request.operator_name,
                                            repair_details(result), now_utc_us())
                                 .seq;
    }
    if (::renameat2(AT_FDCWD, partial.c_str(), AT_FDCWD, request.out.c_str(), RENAME_NOREPLACE) !=
        0) {
        const int error = errno;
        if (error == EEXIST) {
            throw UsageError(request.out.string() +
                             ": already exists; repair never overwrites a file");
        }
        throw IoError(request.out.string() + ": cannot be created: " + std::strerror(error));
    }
    guard.release();
    if (transaction) {
        try {
            transaction->commit();
        } catch (...) {
            std::error_code ignored_removal;
            fs::remove(request.out, ignored_removal);
            throw;
        }
    }
}

}  // namespace

RepairResult repair_mp4(const RepairRequest& request) {
    const std::string broken_name = request.broken.string();
    const std::string like_name = request.like.string();
    std::error_code ignored;
    if (fs::symlink_status(request.out, ignored).type() != fs::file_type::not_found) {
        throw UsageError(request.out.string() + ": already exists; repair never overwrites a file");
    }

    RepairResult result;
    Opened broken = open_input_file(request.broken);
    if (broken.file.size == 0) {
        throw UsageError(broken_name + ": an empty file");
    }
    Opened like = open_input_file(request.like);
    result.broken = broken.facts;
    result.like = like.facts;
    if (result.broken.sha256 == result.like.sha256) {
        throw UsageError(like_name + ": the same bytes as " + broken_name +
                         "; --like takes a healthy file of the same camera");
    }

    const ReadOnlyMap map(broken.file.fd.get(), broken.file.size, broken_name);
    const Mdat mdat = find_mdat(map.bytes(), broken_name);
    const Healthy healthy = open_healthy(like.file.fd.get(), like_name);
    const std::string_view payload = map.bytes().substr(mdat.start, mdat.end - mdat.start);
    const media::AccessUnitScan scan =
        scan_pictures(payload, mdat, healthy, broken_name, like_name);
    const std::vector<int64_t> position =
        display_order(scan.units, payload, healthy, broken_name, like_name);

    const fs::path partial = partial_path_for(request.out);
    PartialFile guard(partial);
    write_mp4(partial, scan.units, position, payload, healthy, request.start_utc_us);
    sync_file(partial);
    struct stat after {};
    if (::fstat(broken.file.fd.get(), &after) != 0 ||
        static_cast<uint64_t>(after.st_size) != broken.file.size) {
        throw IoError(broken_name + ": changed size while it was repaired; nothing written");
    }
    describe_repaired(partial, healthy, scan, mdat, payload.size(), request, result);
    publish(partial, guard, request, result);
    return result;
}

nlohmann::json repair_details(const RepairResult& result) {
    return {{"broken", file_json(result.broken)},
            {"like", file_json(result.like)},
            {"repaired", file_json(result.repaired)},
            {"codec", result.codec},
            {"frame_rate", result.frame_rate},
            {"frames", result.frames},
            {"keyframes", result.keyframes},
            {"duration_us", static_cast<int64_t>(std::llround(result.duration_seconds * 1e6))},
            {"mdat_bytes", result.mdat_bytes},
            {"recovered_bytes", result.recovered_bytes},
            {"stopped", result.stopped},
            {"like_has_audio", result.like_has_audio},
            {"start_utc_us",
             result.start_utc_us ? nlohmann::json(*result.start_utc_us) : nlohmann::json()}};
}

}  // namespace footage::evidence
