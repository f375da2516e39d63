#include "lib/docs/roff_text.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <vector>

namespace footage::docs {

namespace {

constexpr int kTextIndent = 7;         // man's default left indent for body text
constexpr char kUnbreakable = '\x01';  // "\ " until the line is filled

std::string special_character(std::string_view name) {
    struct Glyph {
        std::string_view name;
        std::string_view text;
    };
    static constexpr Glyph glyphs[] = {
        {"bu", "\u2022"}, {"mu", "\u00d7"}, {"em", "\u2014"}, {"en", "\u2013"}, {"dq", "\""},
        {"aq", "'"},      {"lq", "\u201c"}, {"rq", "\u201d"}, {"<=", "\u2264"}, {">=", "\u2265"},
        {"hy", "-"},      {"co", "\u00a9"}, {"->", "\u2192"}, {"ua", "\u2191"}, {"da", "\u2193"},
    };
    for (const Glyph& glyph : glyphs) {
        if (glyph.name == name) {
            return std::string(glyph.text);
        }
    }
    return "?";
}

// Display width of UTF-8 text: one column per code point (the pages use no wide characters).
int columns(std::string_view text) {
    return static_cast<int>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

// Resolves escapes; font changes vanish because plain text has no bold or italics.
std::string unescape(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c != '\\' || i + 1 == text.size()) {
            out += c;
            continue;
        }
        char e = text[++i];
        switch (e) {
            case 'f':  // \fB, \f(BI, \f[B]
                if (i + 1 < text.size() && text[i + 1] == '(') {
                    i += 3;
                } else if (i + 1 < text.size() && text[i + 1] == '[') {
                    std::size_t close = text.find(']', i);
                    i = close == std::string_view::npos ? text.size() : close;
                } else {
                    i += 1;
                }
                break;
            case '(':
                out += special_character(text.substr(i + 1, 2));
                i += 2;
                break;
            case '[': {
                std::size_t close = text.find(']', i);
                if (close == std::string_view::npos) {
                    return out;
                }
                out += special_character(text.substr(i + 1, close - i - 1));
                i = close;
                break;
            }
            case '"':  // a comment runs to the end of the line
                return out;
            case '-':
                out += '-';
                break;
            case 'e':
            case '\\':
                out += '\\';
                break;
            case ' ':
            case '~':
                out += kUnbreakable;
                break;
            case '&':
            case 'c':
            case '/':
            case ',':
            case '|':
            case '^':
                break;
            default:
                out += e;
        }
    }
    return out;
}

// A macro line's arguments: blank-separated, "quoted" ones may hold blanks ("" is a quote).
std::vector<std::string> split_arguments(std::string_view line) {
    std::vector<std::string> args;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && line[i] == ' ') {
            ++i;
        }
        if (i == line.size()) {
            break;
        }
        std::string arg;
        if (line[i] == '"') {
            for (++i; i < line.size(); ++i) {
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        arg += '"';
                        ++i;
                        continue;
                    }
                    ++i;
                    break;
                }
                arg += line[i];
            }
        } else {
            while (i < line.size() && line[i] != ' ') {
                if (line[i] == '\\' && i + 1 < line.size()) {
                    arg += line[i++];
                }
                arg += line[i++];
            }
        }
        args.push_back(std::move(arg));
    }
    return args;
}

class TextWriter {
  public:
    explicit TextWriter(int width) : m_width(width) {}

    void words(const std::string& text) {
        std::size_t i = 0;
        while (i < text.size()) {
            std::size_t start = text.find_first_not_of(" \t", i);
            if (start == std::string::npos) {
                break;
            }
            std::size_t end = text.find_first_of(" \t", start);
            word(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
            i = end == std::string::npos ? text.size() : end;
        }
    }

    void verbatim(const std::string& text) {
        flush();
        emit(std::string(static_cast<std::size_t>(m_indent), ' ') + text);
    }

    // Ends the current line (.br, and before any new block).
    void flush() {
        if (!m_line.empty() || m_tag) {
            emit_line();
        }
    }

    void blank_line() {
        flush();
        if (!m_out.empty() && !m_last_blank && !m_after_heading) {
            m_out += '\n';
            m_last_blank = true;
        }
    }

    void heading(const std::string& text, int indent) {
        blank_line();
        m_tag.reset();
        m_base = kTextIndent;
        m_relative.clear();
        m_indent = m_base;
        emit(std::string(static_cast<std::size_t>(indent), ' ') + text);
        m_after_heading = true;  // as .SH's no-space mode: no blank line right below it
    }

    void paragraph() {
        blank_line();
        m_tag.reset();
        m_indent = m_base;
    }

    // A tagged paragraph: the tag at the margin, the text `width` further in.
    void tagged(const std::string& tag, int width) {
        blank_line();
        m_indent = m_base + width;
        m_tag = tag;
    }

    void relative_start(int width) {
        flush();
        m_relative.push_back(m_base);
        m_base = m_indent + width;
        m_indent = m_base;
    }

    void relative_end() {
        flush();
        if (!m_relative.empty()) {
            m_base = m_relative.back();
            m_relative.pop_back();
        }
        m_indent = m_base;
    }

    std::string finish() {
        flush();
        while (!m_out.empty() && m_out.back() == '\n' && m_out.size() > 1 &&
               m_out[m_out.size() - 2] == '\n') {
            m_out.pop_back();
        }
        return m_out;
    }

  private:
    void word(const std::string& w) {
        int length = columns(w);
        int start = current_start();
        if (!m_line.empty() && start + line_length() + 1 + length > m_width) {
            emit_line();
            start = current_start();
        }
        if (!m_line.empty()) {
            m_line += ' ';
        }
        m_line += w;
    }

    int line_length() const { return columns(m_line); }

    // Where the text of the current line starts; a tag too long for its indent gets its own line.
    int current_start() {
        if (m_tag && columns(*m_tag) + m_base >= m_indent) {
            emit(std::string(static_cast<std::size_t>(m_base), ' ') + *m_tag);
            m_tag.reset();
        }
        return m_indent;
    }

    void emit_line() {
        std::string prefix(static_cast<std::size_t>(m_indent), ' ');
        if (m_tag) {
            if (!m_line.empty() && columns(*m_tag) + m_base < m_indent) {
                prefix.replace(static_cast<std::size_t>(m_base),
                               static_cast<std::size_t>(columns(*m_tag)), *m_tag);
            } else {
                emit(std::string(static_cast<std::size_t>(m_base), ' ') + *m_tag);
            }
            m_tag.reset();
        }
        if (!m_line.empty()) {
            emit(prefix + m_line);
        }
        m_line.clear();
    }

    void emit(std::string line) {
        std::replace(line.begin(), line.end(), kUnbreakable, ' ');
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        m_out += line;
        m_out += '\n';
        m_last_blank = line.empty();
        m_after_heading = false;
    }

    int m_width;
    int m_base = kTextIndent;
    int m_indent = kTextIndent;
    std::vector<int> m_relative;
    std::optional<std::string> m_tag;
    std::string m_line;
    std::string m_out;
    bool m_last_blank = false;
    bool m_after_heading = false;
};

// Indent widths are in ens, one column each; a missing or odd one falls back.
int width_argument(const std::vector<std::string>& args, std::size_t index, int fallback) {
    if (index >= args.size() || args[index].empty() ||
        args[index].find_first_not_of("0123456789") != std::string::npos) {
        return fallback;
    }
    return std::stoi(args[index]);
}

std::string joined(const std::vector<std::string>& args, bool alternate) {
    std::string text;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (i > 0 && !alternate) {
            text += ' ';
        }
        text += unescape(args[i]);
    }
    return text;
}

}  // namespace

std::string roff_to_text(std::string_view roff, int width) {
    TextWriter out(width);
    bool fill = true;
    bool tag_next = false;  // .TP: the next line is the tag
    int tag_width = kTextIndent;
    std::size_t pos = 0;
    while (pos <= roff.size()) {
        std::size_t end = roff.find('\n', pos);
        if (end == std::string_view::npos) {
            end = roff.size();
        }
        std::string_view line = roff.substr(pos, end - pos);
        pos = end + 1;
        if (end == roff.size() && line.empty()) {
            break;
        }

        std::string text;  // what the line puts on the page
        bool is_text = true;
        if (!line.empty() && (line[0] == '.' || line[0] == '\'')) {
            std::string_view rest = line.substr(1);
            std::size_t name_end = rest.find(' ');
            std::string name(rest.substr(0, name_end));
            std::vector<std::string> args = split_arguments(
                name_end == std::string_view::npos ? std::string_view() : rest.substr(name_end));
            is_text = false;
            if (name == "SH" || name == "SS") {
                out.heading(joined(args, false), name == "SH" ? 0 : 3);
                tag_next = false;
            } else if (name == "PP" || name == "LP" || name == "P") {
                out.paragraph();
            } else if (name == "TP") {
                tag_width = width_argument(args, 0, kTextIndent);
                tag_next = true;
            } else if (name == "IP") {
                out.tagged(args.empty() ? std::string() : unescape(args[0]),
                           width_argument(args, 1, kTextIndent));
            } else if (name == "RS") {
                out.relative_start(width_argument(args, 0, kTextIndent));
            } else if (name == "RE") {
                out.relative_end();
            } else if (name == "nf") {
                out.flush();
                fill = false;
            } else if (name == "fi") {
                fill = true;
            } else if (name == "br") {
                out.flush();
            } else if (name == "sp") {
                out.blank_line();
            } else if (name == "B" || name == "I" || name == "SM" || name == "SB") {
                text = joined(args, false);
                is_text = true;
            } else if (name == "BR" || name == "RB" || name == "BI" || name == "IB" ||
                       name == "IR" || name == "RI") {
                text = joined(args, true);
                is_text = true;
            }
            // .TH, comments (.\") and requests such as .ad, .nh, .ne print nothing.
        } else {
            text = unescape(line);
        }
        if (!is_text) {
            continue;
        }
        if (tag_next) {
            out.tagged(text, tag_width);
            tag_next = false;
        } else if (!fill) {
            out.verbatim(text);
        } else if (text.empty()) {
            out.blank_line();
        } else {
            if (text.front() == ' ') {
                out.flush();
            }
            out.words(text);
        }
    }
    return out.finish();
}

}  // namespace footage::docs
