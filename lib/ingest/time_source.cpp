#include "lib/ingest/time_source.hpp"

namespace footage::ingest {

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
    if (facts) {
        identity.camera_id = facts->camera_id;
        identity.channel = facts->channel;
        identity.recorder = facts->recorder;
        if (facts->start_civil_us) {
            timecode::Zone name_zone =
                facts->zone.empty() ? zone : timecode::Zone::parse(facts->zone);
            identity.start_utc_us = name_zone.local_to_utc(*facts->start_civil_us);
            identity.time_source = "name:" + facts->pattern_name;
            identity.zone = name_zone.name();
        }
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
        identity.camera_id = declared.camera_id;
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

}  // namespace footage::ingest
