#include "cli/text_table.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace footage::cli {

namespace {

constexpr size_t kGap = 2;

void print_line(std::ostream& out, const std::vector<std::string>& cells,
                const std::vector<size_t>& widths) {
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) {
        line += cells[i];
        if (i + 1 < cells.size()) {
            line.append(widths[i] - cells[i].size() + kGap, ' ');
        }
    }
    out << line << '\n';
}

}  // namespace

TextTable::TextTable(std::vector<std::string> header) : m_header(std::move(header)) {}

void TextTable::add_row(std::vector<std::string> cells) {
    assert(cells.size() == m_header.size());
    cells.resize(m_header.size());
    m_rows.push_back({std::move(cells), {}});
}

void TextTable::add_note(std::string line) {
    assert(!m_rows.empty());
    if (!m_rows.empty()) {
        m_rows.back().notes.push_back(std::move(line));
    }
}

void TextTable::print(std::ostream& out) const {
    std::vector<size_t> widths(m_header.size());
    for (size_t i = 0; i < m_header.size(); ++i) {
        widths[i] = m_header[i].size();
        for (const Row& row : m_rows) {
            widths[i] = std::max(widths[i], row.cells[i].size());
        }
    }
    print_line(out, m_header, widths);
    for (const Row& row : m_rows) {
        print_line(out, row.cells, widths);
        for (const std::string& note : row.notes) {
            out << "    " << note << '\n';
        }
    }
}

}  // namespace footage::cli
