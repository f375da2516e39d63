#pragma once
// Small RAII wrappers over the SQLite C API, in the manner of SQLiteCpp: handles are owned
// before results are checked, statements finalize in a deleter, transactions roll back unless
// committed. Errors throw CatalogError with SQLite's message.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace footage::catalog {

struct DatabaseCloser {
    void operator()(sqlite3* db) const noexcept;
};
struct StatementFinalizer {
    void operator()(sqlite3_stmt* stmt) const noexcept;
};

class Statement;

class Database {
  public:
    // read_only_immutable: for a catalog on read-only storage, where SQLite cannot create the
    // WAL index it needs even to read; nothing may write the file meanwhile.
    enum class Mode { read_write_create, read_only, read_only_immutable };
    Database(const std::filesystem::path& path, Mode mode);

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql);
    int64_t last_insert_rowid() const;
    int changes() const;
    const std::filesystem::path& path() const { return m_path; }
    sqlite3* handle() const { return m_db.get(); }

  private:
    std::filesystem::path m_path;
    std::unique_ptr<sqlite3, DatabaseCloser> m_db;
};

class Statement {
  public:
    Statement(Database& db, sqlite3_stmt* stmt);

    // Binding by 1-based index; chainable.
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) {
        return bind(index, std::string_view(value));
    }
    Statement& bind_blob(int index, const void* data, size_t size);
    Statement& bind_null(int index);
    // Binds the value `row` (a statement on a row) holds in `column`, whatever its type.
    Statement& bind_column(int index, const Statement& row, int column);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    // Advances; true while a row is available.
    bool step();
    // Runs to completion (INSERT/UPDATE/DELETE).
    void run();
    void reset();

    bool is_null(int column) const;
    int64_t column_int(int column) const;
    double column_double(int column) const;
    std::string column_text(int column) const;
    std::optional<int64_t> column_optional_int(int column) const;
    std::optional<std::string> column_optional_text(int column) const;
    std::vector<uint8_t> column_blob(int column) const;

  private:
    Database* m_db;
    std::unique_ptr<sqlite3_stmt, StatementFinalizer> m_stmt;
};

// BEGIN IMMEDIATE on construction; ROLLBACK in the destructor unless commit() was called.
class Transaction {
  public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

  private:
    Database& m_db;
    bool m_done = false;
};

}  // namespace footage::catalog
