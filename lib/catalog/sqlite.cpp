#include "lib/catalog/sqlite.hpp"

#include <sqlite3.h>

#include <cstring>

#include "lib/util/error.hpp"

namespace footage::catalog {

namespace {

[[noreturn]] void fail(sqlite3* db, const std::filesystem::path& path, std::string_view what) {
    std::string message = path.string() + ": " + std::string(what);
    if (db != nullptr) {
        message += ": ";
        message += sqlite3_errmsg(db);
        if (int error = sqlite3_system_errno(db); error != 0) {
            message += std::string(" (") + std::strerror(error) + ")";
        }
    }
    throw CatalogError(message);
}

// A path as the path of a file: URI (RFC 3986: '%', '?' and '#' would end or change it).
std::string uri_escaped(const std::string& path) {
    std::string out;
    const char* hex = "0123456789ABCDEF";
    for (unsigned char c : path) {
        if (c == '%' || c == '?' || c == '#' || c < 0x20 || c >= 0x7f) {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0x0f];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace

void DatabaseCloser::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
void StatementFinalizer::operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }

Database::Database(const std::filesystem::path& path, Mode mode) : m_path(path) {
    int flags = mode == Mode::read_write_create ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                                : SQLITE_OPEN_READONLY;
    std::string name = path.string();
    if (mode == Mode::read_only_immutable) {
        flags |= SQLITE_OPEN_URI;
        name = "file:" + uri_escaped(name) + "?immutable=1";
    }
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(name.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    m_db.reset(raw);  // owned before the result is checked
    if (rc != SQLITE_OK) {
        fail(m_db.get(), m_path, "cannot open catalog");
    }
    sqlite3_extended_result_codes(m_db.get(), 1);
    sqlite3_busy_timeout(m_db.get(), 10'000);
}

void Database::exec(std::string_view sql) {
    std::string text(sql);
    char* error = nullptr;
    int rc = sqlite3_exec(m_db.get(), text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error != nullptr ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        throw CatalogError(m_path.string() + ": " + message);
    }
}

Statement Database::prepare(std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    int rc =
        sqlite3_prepare_v2(m_db.get(), sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
    Statement statement(*this, raw);
    if (rc != SQLITE_OK) {
        fail(m_db.get(), m_path, "cannot prepare query");
    }
    return statement;
}

int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(m_db.get()); }
int Database::changes() const { return sqlite3_changes(m_db.get()); }

Statement::Statement(Database& db, sqlite3_stmt* stmt) : m_db(&db), m_stmt(stmt) {}

#define FOOTAGE_CHECK_BIND(call)                                         \
    do {                                                                 \
        if ((call) != SQLITE_OK) {                                       \
            fail(m_db->handle(), m_db->path(), "cannot bind parameter"); \
        }                                                                \
    } while (false)

Statement& Statement::bind(int index, int64_t value) {
    FOOTAGE_CHECK_BIND(sqlite3_bind_int64(m_stmt.get(), index, value));
    return *this;
}
Statement& Statement::bind(int index, double value) {
    FOOTAGE_CHECK_BIND(sqlite3_bind_double(m_stmt.get(), index, value));
    return *this;
}
Statement& Statement::bind(int index, std::string_view value) {
    FOOTAGE_CHECK_BIND(sqlite3_bind_text64(m_stmt.get(), index, value.data(), value.size(),
                                           SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
}
Statement& Statement::bind_blob(int index, const void* data, size_t size) {
    FOOTAGE_CHECK_BIND(sqlite3_bind_blob64(m_stmt.get(), index, data, size, SQLITE_TRANSIENT));
    return *this;
}
Statement& Statement::bind_null(int index) {
    FOOTAGE_CHECK_BIND(sqlite3_bind_null(m_stmt.get(), index));
    return *this;
}

Statement& Statement::bind_column(int index, const Statement& row, int column) {
    FOOTAGE_CHECK_BIND(
        sqlite3_bind_value(m_stmt.get(), index, sqlite3_column_value(row.m_stmt.get(), column)));
    return *this;
}

#undef FOOTAGE_CHECK_BIND

bool Statement::step() {
    int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    fail(m_db->handle(), m_db->path(), "query failed");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(m_stmt.get());
    sqlite3_clear_bindings(m_stmt.get());
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL;
}
int64_t Statement::column_int(int column) const {
    return sqlite3_column_int64(m_stmt.get(), column);
}
double Statement::column_double(int column) const {
    return sqlite3_column_double(m_stmt.get(), column);
}
std::string Statement::column_text(int column) const {
    const unsigned char* text = sqlite3_column_text(m_stmt.get(), column);
    int size = sqlite3_column_bytes(m_stmt.get(), column);
    return text != nullptr
               ? std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size))
               : std::string();
}
std::optional<int64_t> Statement::column_optional_int(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return column_int(column);
}
std::optional<std::string> Statement::column_optional_text(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return column_text(column);
}
std::vector<uint8_t> Statement::column_blob(int column) const {
    const auto* data = static_cast<const uint8_t*>(sqlite3_column_blob(m_stmt.get(), column));
    int size = sqlite3_column_bytes(m_stmt.get(), column);
    return data != nullptr ? std::vector<uint8_t>(data, data + size) : std::vector<uint8_t>();
}

Transaction::Transaction(Database& db) : m_db(db) { m_db.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (!m_done) {
        try {
            m_db.exec("ROLLBACK");
        } catch (...) {  // a destructor never throws; the transaction is gone either way
        }
    }
}

void Transaction::commit() {
    m_db.exec("COMMIT");
    m_done = true;
}

}  // namespace footage::catalog
