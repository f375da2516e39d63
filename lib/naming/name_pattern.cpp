#include "lib/naming/name_pattern.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <regex>

#include "lib/timecode/time.hpp"
#include "lib/util/error.hpp"

namespace footage::naming {

namespace {

// Each field's regular expression. Fields capture; {*} and {**} do not.
const std::map<std::string, std::string>& field_patterns() {
    static const std::map<std::string, std::string> fields = {
        {"channel", "([0-9]{1,3})"},
        {"camera", "([^/_]+)"},
        {"recorder", "([^/]+?)"},
        {"ip", "([0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3})"},
        {"start", "([0-9]{14})"},
        {"end", "([0-9]{14})"},
        {"date", "([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8})"},
        {"end_date", "([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8})"},
        {"time", "([0-9]{2}[-.:]?[0-9]{2}[-.:]?[0-9]{2})"},
        {"end_time", "([0-9]{2}[-.:]?[0-9]{2}[-.:]?[0-9]{2})"},
    };
    return fields;
}

// Dahua's generic prefixes name the product, not a recorder.
bool is_generic_prefix(const std::string& prefix) {
    std::string upper = prefix;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return upper == "NVR" || upper == "XVR" || upper == "HVR" || upper == "HDCVI" || upper == "DVR";
}

std::string digits_only(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            out += c;
        }
    }
    return out;
}

struct ParsedTemplate {
    std::string regex;
    std::vector<std::string> fields;  // in capture order
};

ParsedTemplate parse_template(std::string_view spec) {
    ParsedTemplate parsed;
    parsed.regex = "(?:^|/)";
    for (size_t i = 0; i < spec.size(); ++i) {
        char c = spec[i];
        if (c == '}') {
            throw ParseError("name pattern \"" + std::string(spec) + "\": '}' without '{'");
        }
        if (c != '{') {
            if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) {
                parsed.regex += '\\';
            }
            parsed.regex += c;
            continue;
        }
        size_t close = spec.find('}', i);
        if (close == std::string_view::npos) {
            throw ParseError("name pattern \"" + std::string(spec) + "\": '{' without '}'");
        }
        std::string field(spec.substr(i + 1, close - i - 1));
        i = close;
        if (field == "*") {
            parsed.regex += "[^/]*?";
        } else if (field == "**") {
            parsed.regex += ".*?";
        } else {
            auto it = field_patterns().find(field);
            if (it == field_patterns().end()) {
                throw ParseError(
                    "name pattern \"" + std::string(spec) + "\": unknown field {" + field +
                    "} (fields: {channel} {camera} {recorder} {ip} {start} {end} {date} "
                    "{end_date} {time} {end_time} {*} {**})");
            }
            if (std::find(parsed.fields.begin(), parsed.fields.end(), field) !=
                parsed.fields.end()) {
                throw ParseError("name pattern \"" + std::string(spec) + "\": field {" + field +
                                 "} appears twice");
            }
            parsed.regex += it->second;
            parsed.fields.push_back(field);
        }
    }
    parsed.regex += "$";
    return parsed;
}

bool has(const std::map<std::string, std::string>& values, const char* field) {
    return values.count(field) != 0;
}

// "20201103" or "2020-11-03" + "140000" / "14-00-00" / "14.00.00" -> civil µs.
int64_t civil_of(const std::string& date, const std::string& time) {
    std::string d = digits_only(date);
    std::string t = digits_only(time);
    if (t.empty()) {
        t = "000000";
    }
    return timecode::civil_to_us(std::stoi(d.substr(0, 4)), std::stoi(d.substr(4, 2)),
                                 std::stoi(d.substr(6, 2)), std::stoi(t.substr(0, 2)),
                                 std::stoi(t.substr(2, 2)), std::stoi(t.substr(4, 2)));
}

// The path without the last component's extension, with '/' separators.
std::string match_subject(const std::filesystem::path& path) {
    std::filesystem::path name = path.filename();
    std::string extension = name.extension().string();
    bool strip = !extension.empty() && extension.size() <= 6 &&
                 std::all_of(extension.begin() + 1, extension.end(),
                             [](unsigned char c) { return std::isalpha(c) || std::isdigit(c); }) &&
                 std::any_of(extension.begin() + 1, extension.end(),
                             [](unsigned char c) { return std::isalpha(c); });
    std::filesystem::path stemmed = strip ? path.parent_path() / name.stem() : path;
    return stemmed.generic_string();
}

}  // namespace

struct NameMatcher::Compiled {
    NamePattern pattern;
    std::regex regex;
    std::vector<std::string> fields;
};

NamePattern user_pattern(std::string_view spec, std::string_view zone) {
    ParsedTemplate parsed = parse_template(spec);
    auto uses = [&](const char* field) {
        return std::find(parsed.fields.begin(), parsed.fields.end(), field) != parsed.fields.end();
    };
    if (!uses("channel") && !uses("camera")) {
        throw ParseError("name pattern \"" + std::string(spec) +
                         "\": it needs {channel} or {camera} to say which camera a file is from");
    }
    if (!uses("start") && !uses("date")) {
        throw ParseError("name pattern \"" + std::string(spec) +
                         "\": it needs {start}, or {date} with {time}, to say when a file starts");
    }
    return NamePattern{"user", std::string(spec), std::string(zone), ""};
}

NameMatcher::NameMatcher(std::vector<NamePattern> patterns) {
    for (NamePattern& pattern : patterns) {
        ParsedTemplate parsed = parse_template(pattern.spec);
        m_compiled.push_back(
            Compiled{std::move(pattern),
                     std::regex(parsed.regex, std::regex::ECMAScript | std::regex::icase),
                     std::move(parsed.fields)});
    }
}

NameMatcher::~NameMatcher() = default;
NameMatcher::NameMatcher(NameMatcher&&) noexcept = default;
NameMatcher& NameMatcher::operator=(NameMatcher&&) noexcept = default;

std::optional<NameFacts> NameMatcher::match(const std::filesystem::path& path) const {
    const std::string subject = match_subject(path);
    for (const Compiled& compiled : m_compiled) {
        std::smatch groups;
        if (!std::regex_search(subject, groups, compiled.regex)) {
            continue;
        }
        std::map<std::string, std::string> values;
        for (size_t i = 0; i < compiled.fields.size(); ++i) {
            values[compiled.fields[i]] = groups[i + 1].str();
        }
        NameFacts facts;
        facts.pattern_name = compiled.pattern.name;
        facts.zone = compiled.pattern.zone;
        try {
            if (has(values, "start")) {
                const std::string& s = values["start"];
                facts.start_civil_us = civil_of(s.substr(0, 8), s.substr(8));
            } else if (has(values, "date")) {
                facts.start_civil_us = civil_of(values["date"], values["time"]);
            }
            if (has(values, "end")) {
                const std::string& e = values["end"];
                facts.end_civil_us = civil_of(e.substr(0, 8), e.substr(8));
            } else if (has(values, "end_time")) {
                std::string end_date =
                    has(values, "end_date") ? values["end_date"] : values["date"];
                facts.end_civil_us = civil_of(end_date, values["end_time"]);
                if (!has(values, "end_date") && facts.start_civil_us &&
                    *facts.end_civil_us < *facts.start_civil_us) {
                    *facts.end_civil_us += 86'400LL * 1'000'000;  // crossed midnight
                }
            }
        } catch (const ParseError&) {
            continue;  // "month 13" is not a time: this pattern does not match
        }
        if (has(values, "ip")) {
            facts.recorder = values["ip"];
        } else if (has(values, "recorder") && !is_generic_prefix(values["recorder"])) {
            facts.recorder = values["recorder"];
        }
        if (has(values, "camera")) {
            facts.camera_id = values["camera"];
        } else if (has(values, "channel")) {
            int channel = std::stoi(values["channel"]);
            facts.channel = channel;
            char id[16];
            std::snprintf(id, sizeof id, "ch%02d", channel);
            facts.camera_id = id;
        } else {
            continue;
        }
        if (!facts.recorder.empty()) {
            facts.camera_id = facts.recorder + "/" + facts.camera_id;
        }
        return facts;
    }
    return std::nullopt;
}

}  // namespace footage::naming
