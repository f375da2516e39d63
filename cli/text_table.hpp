#pragma once
// A plain-text table for the terminal: each column as wide as its widest cell, two spaces between
// columns, so a long camera ID or path never runs into the next column. A row may carry note lines,
// printed indented under it.
#include <ostream>
#include <string>
#include <vector>

namespace footage::cli {

class TextTable {
  public:
    explicit TextTable(std::vector<std::string> header);

    // Adds a row; it must have as many cells as the header.
    void add_row(std::vector<std::string> cells);
    // Adds a line printed under the last row added, indented by four spaces.
    void add_note(std::string line);

    void print(std::ostream& out) const;

  private:
    struct Row {
        std::vector<std::string> cells;
        std::vector<std::string> notes;
    };
    std::vector<std::string> m_header;
    std::vector<Row> m_rows;
};

}  // namespace footage::cli
