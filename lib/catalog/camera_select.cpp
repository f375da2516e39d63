#include "lib/catalog/camera_select.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "lib/util/error.hpp"
#include "lib/util/unicode_nfc.hpp"

namespace footage::catalog {

namespace {

// Case-folded (ASCII) in Unicode NFC, so a typed ID matches one read from an NFD folder name.
std::string lower(std::string_view text) {
    std::string out = to_nfc(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// "3", "03", "ch3", "CH03", "cam3" -> 3.
std::optional<int> channel_number(std::string_view text) {
    std::string s = lower(text);
    size_t digits = s.find_first_of("0123456789");
    if (digits == std::string::npos || digits > 3) {
        return std::nullopt;
    }
    std::string prefix = s.substr(0, digits);
    if (!prefix.empty() && prefix != "ch" && prefix != "cam" && prefix != "c") {
        return std::nullopt;
    }
    std::string number = s.substr(digits);
    if (number.empty() || number.size() > 6 ||
        !std::all_of(number.begin(), number.end(),
                     [](unsigned char c) { return std::isdigit(c); })) {
        return std::nullopt;
    }
    return std::stoi(number);
}

// The channel a camera answers to: its stored channel, else the number its ID ends in.
std::optional<int> camera_channel(const CameraRow& camera) {
    if (camera.channel) {
        return camera.channel;
    }
    std::string_view id = camera.id;
    size_t slash = id.rfind('/');
    return channel_number(slash == std::string_view::npos ? id : id.substr(slash + 1));
}

std::string list_ids(const std::vector<const CameraRow*>& cameras) {
    std::string out;
    for (const CameraRow* camera : cameras) {
        out += out.empty() ? "" : ", ";
        out += camera->id;
    }
    return out.empty() ? "(none)" : out;
}

}  // namespace

std::string select_camera(const std::vector<CameraRow>& cameras, std::string_view spec) {
    std::string wanted = lower(spec);
    for (const CameraRow& camera : cameras) {
        if (lower(camera.id) == wanted) {
            return camera.id;
        }
    }
    std::string recorder;
    std::string_view channel_text = spec;
    if (size_t slash = spec.rfind('/'); slash != std::string_view::npos) {
        recorder = lower(spec.substr(0, slash));
        channel_text = spec.substr(slash + 1);
    }
    std::optional<int> channel = channel_number(channel_text);
    std::vector<const CameraRow*> matches;
    if (channel) {
        for (const CameraRow& camera : cameras) {
            if (camera_channel(camera) == channel &&
                (recorder.empty() || lower(camera.recorder) == recorder)) {
                matches.push_back(&camera);
            }
        }
    }
    if (matches.size() == 1) {
        return matches.front()->id;
    }
    if (matches.size() > 1) {
        throw UsageError("camera \"" + std::string(spec) + "\" is ambiguous: it could be " +
                         list_ids(matches) + "; give the full ID");
    }
    std::vector<const CameraRow*> all;
    for (const CameraRow& camera : cameras) {
        all.push_back(&camera);
    }
    throw UsageError("no camera \"" + std::string(spec) +
                     "\" in the catalog; cameras: " + list_ids(all));
}

}  // namespace footage::catalog
