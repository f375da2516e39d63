#include "lib/naming/name_pattern.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "lib/timecode/time.hpp"
#include "lib/timecode/units.hpp"
#include "lib/util/error.hpp"

namespace footage::naming {

namespace {

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

// One piece of a compiled template: a literal (matched case-insensitively) or a field.
enum class Kind { literal, channel, camera, recorder, ip, stamp, date, time, any, any_path };

struct Token {
    Kind kind = Kind::literal;
    std::string text;   // the literal, lower-cased
    std::string field;  // the captured field's name; empty for {*}, {**} and literals
};

struct ParsedTemplate {
    std::vector<Token> tokens;
    std::vector<std::string> fields;  // in order of appearance
};

const std::map<std::string, Kind>& field_kinds() {
    static const std::map<std::string, Kind> kinds = {
        {"channel", Kind::channel}, {"camera", Kind::camera}, {"recorder", Kind::recorder},
        {"ip", Kind::ip},           {"start", Kind::stamp},   {"end", Kind::stamp},
        {"date", Kind::date},       {"end_date", Kind::date}, {"time", Kind::time},
        {"end_time", Kind::time},
    };
    return kinds;
}

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

ParsedTemplate parse_template(std::string_view spec) {
    ParsedTemplate parsed;
    for (size_t i = 0; i < spec.size(); ++i) {
        char c = spec[i];
        if (c == '}') {
            throw ParseError("name pattern \"" + std::string(spec) + "\": '}' without '{'");
        }
        if (c != '{') {
            if (parsed.tokens.empty() || parsed.tokens.back().kind != Kind::literal) {
                parsed.tokens.push_back(Token{});
            }
            parsed.tokens.back().text += lower(c);
            continue;
        }
        size_t close = spec.find('}', i);
        if (close == std::string_view::npos) {
            throw ParseError("name pattern \"" + std::string(spec) + "\": '{' without '}'");
        }
        std::string field(spec.substr(i + 1, close - i - 1));
        i = close;
        if (field == "*") {
            parsed.tokens.push_back(Token{Kind::any, "", ""});
        } else if (field == "**") {
            parsed.tokens.push_back(Token{Kind::any_path, "", ""});
        } else {
            auto it = field_kinds().find(field);
            if (it == field_kinds().end()) {
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
            parsed.tokens.push_back(Token{it->second, "", field});
            parsed.fields.push_back(field);
        }
    }
    return parsed;
}

constexpr size_t kMostSpanningFields = 2;
constexpr size_t kMostTokens = 32;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

size_t digit_run(std::string_view s, size_t at, size_t most) {
    size_t n = 0;
    while (at + n < s.size() && n < most && is_digit(s[at + n])) {
        ++n;
    }
    return n;
}

// {time}: HH MM SS with '-', '.' or ':' between them or nothing, separated forms first.
void time_ends(std::string_view s, size_t at, std::vector<size_t>& ends) {
    auto sep = [&](size_t i) {
        return i < s.size() && (s[i] == '-' || s[i] == '.' || s[i] == ':');
    };
    if (digit_run(s, at, 2) != 2) {
        return;
    }
    for (size_t first : {1, 0}) {
        size_t p = at + 2;
        if (first == 1 && !sep(p)) {
            continue;
        }
        p += first;
        if (digit_run(s, p, 2) != 2) {
            continue;
        }
        p += 2;
        for (size_t second : {1, 0}) {
            size_t q = p;
            if (second == 1 && !sep(q)) {
                continue;
            }
            q += second;
            if (digit_run(s, q, 2) == 2) {
                ends.push_back(q + 2);
            }
        }
    }
}

// {ip}: four runs of 1-3 digits with dots between them, longest runs first.
void ip_ends(std::string_view s, size_t at, std::vector<size_t>& ends) {
    std::vector<size_t> from = {at};
    for (int octet = 0; octet < 4; ++octet) {
        std::vector<size_t> next;
        for (size_t p : from) {
            if (octet > 0) {
                if (p >= s.size() || s[p] != '.') {
                    continue;
                }
                ++p;
            }
            for (size_t n = digit_run(s, p, 3); n >= 1; --n) {
                next.push_back(p + n);
            }
        }
        from = std::move(next);
    }
    for (size_t end : from) {
        if (std::find(ends.begin(), ends.end(), end) == ends.end()) {
            ends.push_back(end);
        }
    }
}

// Where a field starting at `at` may end, in the order a backtracking regex would try them
// (greedy fields longest first, {recorder}, {*} and {**} shortest first).
void field_ends(Kind kind, std::string_view s, size_t at, std::vector<size_t>& ends) {
    ends.clear();
    size_t rest = s.size() - at;
    switch (kind) {
        case Kind::literal:
            break;
        case Kind::channel:
            for (size_t n = digit_run(s, at, 3); n >= 1; --n) {
                ends.push_back(at + n);
            }
            break;
        case Kind::camera: {
            size_t n = 0;
            while (n < rest && s[at + n] != '/' && s[at + n] != '_') {
                ++n;
            }
            for (; n >= 1; --n) {
                ends.push_back(at + n);
            }
            break;
        }
        case Kind::recorder:
        case Kind::any: {
            size_t n = 0;
            while (n < rest && s[at + n] != '/') {
                ++n;
            }
            for (size_t k = kind == Kind::any ? 0 : 1; k <= n; ++k) {
                ends.push_back(at + k);
            }
            break;
        }
        case Kind::any_path:
            for (size_t k = 0; k <= rest; ++k) {
                ends.push_back(at + k);
            }
            break;
        case Kind::stamp:
            if (digit_run(s, at, 14) == 14) {
                ends.push_back(at + 14);
            }
            break;
        case Kind::date:
            if (rest >= 10 && digit_run(s, at, 4) == 4 && s[at + 4] == '-' &&
                digit_run(s, at + 5, 2) == 2 && s[at + 7] == '-' && digit_run(s, at + 8, 2) == 2) {
                ends.push_back(at + 10);
            }
            if (digit_run(s, at, 8) == 8) {
                ends.push_back(at + 8);
            }
            break;
        case Kind::time:
            time_ends(s, at, ends);
            break;
        case Kind::ip:
            ip_ends(s, at, ends);
            break;
    }
}

// Matches tokens[i...] against subject[at...] up to its end. A (token, position) pair that
// failed once fails again, so each is tried at most once: the time is bounded by tokens ×
// positions × the longest field, never exponential like a backtracking regex.
class TemplateMatch {
  public:
    TemplateMatch(const std::vector<Token>& tokens, std::string_view subject)
        : m_tokens(tokens),
          m_subject(subject),
          m_failed((tokens.size() + 1) * (subject.size() + 1), false),
          m_spans(tokens.size()) {}

    bool from(size_t at) { return step(0, at); }
    std::string_view span(size_t token) const {
        return m_subject.substr(m_spans[token].first, m_spans[token].second - m_spans[token].first);
    }

  private:
    bool step(size_t i, size_t at) {
        if (i == m_tokens.size()) {
            return at == m_subject.size();
        }
        size_t key = i * (m_subject.size() + 1) + at;
        if (m_failed[key]) {
            return false;
        }
        const Token& token = m_tokens[i];
        if (token.kind == Kind::literal) {
            const std::string& text = token.text;
            bool same = at + text.size() <= m_subject.size();
            for (size_t k = 0; same && k < text.size(); ++k) {
                same = lower(m_subject[at + k]) == text[k];
            }
            if (same && step(i + 1, at + text.size())) {
                m_spans[i] = {at, at + text.size()};
                return true;
            }
        } else {
            std::vector<size_t> ends;
            field_ends(token.kind, m_subject, at, ends);
            for (size_t end : ends) {
                if (step(i + 1, end)) {
                    m_spans[i] = {at, end};
                    return true;
                }
            }
        }
        m_failed[key] = true;
        return false;
    }

    const std::vector<Token>& m_tokens;
    std::string_view m_subject;
    std::vector<bool> m_failed;
    std::vector<std::pair<size_t, size_t>> m_spans;
};

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
    std::vector<Token> tokens;
};

NamePattern user_pattern(std::string_view spec, std::string_view zone) {
    ParsedTemplate parsed = parse_template(spec);
    auto uses = [&](const char* field) {
        return std::find(parsed.fields.begin(), parsed.fields.end(), field) != parsed.fields.end();
    };
    // Matching costs up to (fields × path length × longest field); {**} spans the whole path.
    size_t spanning = static_cast<size_t>(
        std::count_if(parsed.tokens.begin(), parsed.tokens.end(),
                      [](const Token& token) { return token.kind == Kind::any_path; }));
    if (spanning > kMostSpanningFields) {
        throw ParseError("name pattern \"" + std::string(spec) + "\": at most " +
                         std::to_string(kMostSpanningFields) + " {**} fields");
    }
    if (parsed.tokens.size() > kMostTokens) {
        throw ParseError("name pattern \"" + std::string(spec) + "\": more than " +
                         std::to_string(kMostTokens) + " fields and literals");
    }
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
        m_compiled.push_back(Compiled{std::move(pattern), std::move(parsed.tokens)});
    }
}

NameMatcher::~NameMatcher() = default;
NameMatcher::NameMatcher(NameMatcher&&) noexcept = default;
NameMatcher& NameMatcher::operator=(NameMatcher&&) noexcept = default;

std::optional<NameFacts> NameMatcher::match(const std::filesystem::path& path) const {
    const std::string subject = match_subject(path);
    for (const Compiled& compiled : m_compiled) {
        // The template matches the end of the path from a component boundary, the leftmost first.
        TemplateMatch matching(compiled.tokens, subject);
        bool matched = false;
        for (size_t at = 0; at <= subject.size() && !matched; ++at) {
            matched = (at == 0 || subject[at - 1] == '/') && matching.from(at);
        }
        if (!matched) {
            continue;
        }
        std::map<std::string, std::string> values;
        for (size_t i = 0; i < compiled.tokens.size(); ++i) {
            if (!compiled.tokens[i].field.empty()) {
                values[compiled.tokens[i].field] = std::string(matching.span(i));
            }
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
                    *facts.end_civil_us += timecode::kMicrosPerDay;  // crossed midnight
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
