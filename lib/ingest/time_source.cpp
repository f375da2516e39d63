#include "lib/ingest/time_source.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "lib/util/unicode_nfc.hpp"

namespace footage::ingest {

namespace {
constexpr int kFolderLevelsAboveInput = 4;

// "2020-11-03", "20201103", "03.11.2020": eight digits and separators only, no letter.
bool named_as_date(const std::string& name) {
    int digits = 0;
    for (char c : name) {
        if (c >= '0' && c <= '9') {
            ++digits;
        } else if (c != '-' && c != '_' && c != '.') {
            return false;
        }
    }
    return digits == 8;
}
}  // namespace

std::string camera_from_folder(const std::filesystem::path& path,
                               const std::filesystem::path& root) {
    std::vector<std::string> folders;
    std::filesystem::path below = path.parent_path().lexically_relative(root);
    if (!below.empty() && *below.begin() != "..") {
        for (const std::filesystem::path& part : below) {
            if (part != ".") {
                folders.push_back(part.string());
            }
        }
    }
    while (!folders.empty() && named_as_date(folders.back())) {
        folders.pop_back();
    }
    if (folders.empty()) {
        std::filesystem::path own =
            below.empty() || *below.begin() == ".." ? path.parent_path() : root;
        if (!own.has_filename() || named_as_date(own.filename().string())) {
            return "";
        }
        return to_nfc(own.filename().string());
    }
    std::string camera;
    for (const std::string& folder : folders) {
        camera += (camera.empty() ? "" : "/") + folder;
    }
    return to_nfc(camera);
}

Identity identify(const std::filesystem::path& path, const std::filesystem::path& root,
                  const naming::NameMatcher& matcher, const media::ProbeResult& probe,
                  const Declared& declared, const timecode::Zone& zone) {
    Identity identity;
    // Patterns look at the path below the input root, so folder names above it cannot mislead.
    std::filesystem::path relative = path.lexically_relative(root);
    if (relative.empty() || *relative.begin() == "..") {
        relative = path.filename();
    }
    std::optional<naming::NameFacts> facts = matcher.match(relative);
    // `index drive/cam04` names the camera folder itself: when nothing below the input matches,
    // the input's own folder names count too, nearest first (a few levels: the deepest built-in
    // layout has four).
    std::filesystem::path above = root;
    for (int level = 0; !facts && level < kFolderLevelsAboveInput && above.has_filename();
         ++level) {
        relative = above.filename() / relative;
        above = above.parent_path();
        facts = matcher.match(relative);
    }
    if (facts) {
        // Folder names may come decomposed (NFD, macOS) or composed (NFC): one camera either way.
        identity.camera_id = to_nfc(facts->camera_id);
        identity.camera_source = "name:" + facts->pattern_name;
        identity.channel = facts->channel;
        identity.recorder = to_nfc(facts->recorder);
        if (facts->start_civil_us) {
            timecode::Zone name_zone =
                facts->zone.empty() ? zone : timecode::Zone::parse(facts->zone);
            identity.start_utc_us = name_zone.local_to_utc(*facts->start_civil_us);
            identity.time_source = "name:" + facts->pattern_name;
            // The rule local_to_utc() applied to an hour that happens twice or never.
            switch (name_zone.local_kind(*facts->start_civil_us)) {
                case timecode::Zone::LocalKind::ambiguous:
                    identity.time_source += kAmbiguousSuffix;
                    break;
                case timecode::Zone::LocalKind::skipped:
                    identity.time_source += kSkippedSuffix;
                    break;
                case timecode::Zone::LocalKind::unique:
                    break;
            }
            identity.zone = name_zone.name();
        }
    }
    if (!identity.camera_id && probe.recorder_channel) {
        // A .dav whose name says nothing: the channel in its frame headers, as a name gives it.
        char camera[16];
        std::snprintf(camera, sizeof camera, "ch%02d", *probe.recorder_channel);
        identity.camera_id = camera;
        identity.camera_source = "stream";
        identity.channel = probe.recorder_channel;
    }
    if (!identity.camera_id && declared.camera_from_folder && !declared.camera_id) {
        std::string camera = camera_from_folder(path, root);
        if (!camera.empty()) {
            identity.camera_id = camera;
            identity.camera_source = "folder";
        }
    }
    if (!identity.start_utc_us && probe.recorder_local_start_us) {
        identity.start_utc_us = zone.local_to_utc(*probe.recorder_local_start_us);
        identity.time_source = "stream:" + probe.recorder_local_source;
        identity.zone = zone.name();
    }
    if (!identity.start_utc_us && probe.stream_start_utc_us) {
        identity.start_utc_us = probe.stream_start_utc_us;
        identity.time_source = "stream";
        identity.zone = "UTC";
    }
    if (!identity.start_utc_us && probe.creation_time_utc_us) {
        identity.start_utc_us = probe.creation_time_utc_us;
        identity.time_source = "creation_time";
        identity.zone = "UTC";
    }
    if (declared.camera_id) {
        identity.camera_id = to_nfc(*declared.camera_id);
        identity.camera_source = "declared";
        identity.channel.reset();
        identity.recorder.clear();
    }
    if (declared.start_utc_us) {
        identity.start_utc_us = declared.start_utc_us;
        identity.time_source = "declared";
        identity.zone = zone.name();
    }
    return identity;
}

std::string local_time_rule(const std::string& time_source) {
    auto ends_with = [&](const std::string& suffix) {
        return time_source.size() >= suffix.size() &&
               time_source.compare(time_source.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends_with(kAmbiguousSuffix)) {
        return "the name's local time happened twice (clocks went back): the earlier instant was "
               "taken";
    }
    if (ends_with(kSkippedSuffix)) {
        return "the name's local time never happened (clocks went forward): read with the offset "
               "before the change, i.e. as that many minutes after it";
    }
    return "";
}

}  // namespace footage::ingest
