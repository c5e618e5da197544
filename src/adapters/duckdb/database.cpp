#include "adapters/duckdb/database.hpp"

#include <duckdb.h>

#include "adapters/duckdb/result_reader.hpp"

namespace lakedev::duckdb {

namespace {

// "Catalog Error: Table x does not exist" -> "Catalog".
std::string ErrorClass(const std::string& message) {
  size_t colon = message.find(" Error: ");
  if (colon == std::string::npos || colon > 40) return {};
  return message.substr(0, colon);
}

DatabaseError MakeError(std::string message, duckdb_error_type type) {
  bool fatal = type == DUCKDB_ERROR_INTERNAL || type == DUCKDB_ERROR_FATAL ||
               message.find("database has been invalidated") != std::string::npos;
  std::string cls = ErrorClass(message);
  return DatabaseError(std::move(message), std::move(cls), fatal);
}

// Owns a duckdb_result for the duration of reading it.
struct ResultHandle {
  duckdb_result raw{};
  ~ResultHandle() { duckdb_destroy_result(&raw); }
};

}  // namespace

DatabaseError::DatabaseError(std::string message, std::string error_class, bool fatal)
    : Error(ErrorKind::kDatabase, std::move(message)),
      error_class_(std::move(error_class)),
      fatal_(fatal) {}

// Result construction needs access to private members; done here as a friend helper.
class ResultBuilder {
 public:
  static Result From(duckdb_result& raw) {
    Result r;
    idx_t columns = duckdb_column_count(&raw);
    for (idx_t c = 0; c < columns; ++c) {
      r.names_.emplace_back(duckdb_column_name(&raw, c));
      duckdb_logical_type t = duckdb_column_logical_type(&raw, c);
      r.types_.push_back(TypeName(t));
      duckdb_destroy_logical_type(&t);
    }
    if (duckdb_result_return_type(raw) == DUCKDB_RESULT_TYPE_CHANGED_ROWS) {
      r.rows_changed_ = duckdb_rows_changed(&raw);
    }
    return ReadAll(raw, std::move(r));
  }

 private:
  static Result ReadAll(duckdb_result& raw, Result result) {
    idx_t columns = duckdb_column_count(&raw);
    std::vector<duckdb_logical_type> types(columns);
    struct TypesGuard {
      std::vector<duckdb_logical_type>& t;
      ~TypesGuard() {
        for (auto& x : t) {
          if (x) duckdb_destroy_logical_type(&x);
        }
      }
    } guard{types};
    for (idx_t c = 0; c < columns; ++c)
      types[c] = duckdb_column_logical_type(&raw, c);
    while (duckdb_data_chunk chunk = duckdb_fetch_chunk(raw)) {
      struct ChunkGuard {
        duckdb_data_chunk c;
        ~ChunkGuard() { duckdb_destroy_data_chunk(&c); }
      } chunk_guard{chunk};
      idx_t n = duckdb_data_chunk_get_size(chunk);
      for (idx_t r = 0; r < n; ++r) {
        std::vector<Value> row;
        row.reserve(columns);
        for (idx_t c = 0; c < columns; ++c) {
          row.push_back(ReadValue(duckdb_data_chunk_get_vector(chunk, c), types[c], r));
        }
        result.rows_.push_back(std::move(row));
      }
    }
    return result;
  }
};

// ---- Database ------------------------------------------------------------------------

Database Database::Open(const std::string& path, const DatabaseConfig& config) {
  duckdb_config cfg = nullptr;
  if (duckdb_create_config(&cfg) == DuckDBError) {
    throw DatabaseError("could not allocate a DuckDB configuration", "", false);
  }
  for (const auto& [key, value] : config) {
    if (duckdb_set_config(cfg, key.c_str(), value.c_str()) == DuckDBError) {
      duckdb_destroy_config(&cfg);
      throw DatabaseError("DuckDB does not accept the setting " + key + "='" + value + "'", "",
                          false);
    }
  }
  duckdb_database db = nullptr;
  char* err = nullptr;
  duckdb_state state = duckdb_open_ext(path == ":memory:" ? nullptr : path.c_str(), &db, cfg, &err);
  duckdb_destroy_config(&cfg);
  if (state == DuckDBError) {
    std::string message = err ? err : "unknown error";
    duckdb_free(err);
    throw MakeError(std::move(message), DUCKDB_ERROR_INVALID);
  }
  return Database(db, path);
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (db_) duckdb_close(&db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

Database::~Database() {
  if (db_) duckdb_close(&db_);
}

Connection Database::Connect() {
  duckdb_connection conn = nullptr;
  if (duckdb_connect(db_, &conn) == DuckDBError) {
    throw DatabaseError("could not connect to the DuckDB database " + path_, "", false);
  }
  return Connection(conn);
}

// ---- Connection ----------------------------------------------------------------------

Connection::Connection(Connection&& other) noexcept : conn_(std::exchange(other.conn_, nullptr)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    if (conn_) duckdb_disconnect(&conn_);
    conn_ = std::exchange(other.conn_, nullptr);
  }
  return *this;
}

Connection::~Connection() {
  if (conn_) duckdb_disconnect(&conn_);
}

Result Connection::Query(std::string_view sql) {
  ResultHandle handle;
  std::string text(sql);  // duckdb_query wants a NUL-terminated string
  if (duckdb_query(conn_, text.c_str(), &handle.raw) == DuckDBError) {
    const char* err = duckdb_result_error(&handle.raw);
    throw MakeError(err ? err : "query failed", duckdb_result_error_type(&handle.raw));
  }
  return ResultBuilder::From(handle.raw);
}

PreparedStatement Connection::Prepare(std::string_view sql) {
  duckdb_prepared_statement stmt = nullptr;
  std::string text(sql);
  if (duckdb_prepare(conn_, text.c_str(), &stmt) == DuckDBError) {
    const char* err = duckdb_prepare_error(stmt);
    std::string message = err ? err : "prepare failed";
    duckdb_destroy_prepare(&stmt);
    throw MakeError(std::move(message), DUCKDB_ERROR_INVALID);
  }
  return PreparedStatement(stmt);
}

void Connection::Interrupt() {
  duckdb_interrupt(conn_);
}

// ---- PreparedStatement ---------------------------------------------------------------

PreparedStatement::PreparedStatement(PreparedStatement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)) {}

PreparedStatement& PreparedStatement::operator=(PreparedStatement&& other) noexcept {
  if (this != &other) {
    if (stmt_) duckdb_destroy_prepare(&stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

PreparedStatement::~PreparedStatement() {
  if (stmt_) duckdb_destroy_prepare(&stmt_);
}

size_t PreparedStatement::ParameterCount() const {
  return duckdb_nparams(stmt_);
}

void PreparedStatement::Bind(size_t index, const Value& value) {
  duckdb_state state = DuckDBError;
  switch (value.kind()) {
    case Value::Kind::kNull:
      state = duckdb_bind_null(stmt_, index);
      break;
    case Value::Kind::kBool:
      state = duckdb_bind_boolean(stmt_, index, value.AsBool());
      break;
    case Value::Kind::kInt:
      state = duckdb_bind_int64(stmt_, index, value.AsInt());
      break;
    case Value::Kind::kUInt:
      state = duckdb_bind_uint64(stmt_, index, value.AsUInt());
      break;
    case Value::Kind::kDouble:
      state = duckdb_bind_double(stmt_, index, value.AsDouble());
      break;
    case Value::Kind::kString:
    case Value::Kind::kDecimal:
    case Value::Kind::kHugeInt:
    case Value::Kind::kUuid:
      state = duckdb_bind_varchar_length(stmt_, index, value.AsString().data(),
                                         value.AsString().size());
      break;
    case Value::Kind::kBlob:
      state = duckdb_bind_blob(stmt_, index, value.AsString().data(), value.AsString().size());
      break;
    case Value::Kind::kDate:
      state = duckdb_bind_date(stmt_, index, duckdb_date{static_cast<int32_t>(value.AsInt())});
      break;
    case Value::Kind::kTimestamp:
      state = duckdb_bind_timestamp(stmt_, index, duckdb_timestamp{value.AsInt()});
      break;
    default:
      throw Error(ErrorKind::kInternal, "cannot bind a nested or interval value as a parameter");
  }
  if (state == DuckDBError) {
    throw DatabaseError("could not bind parameter $" + std::to_string(index) +
                            " (the statement has " + std::to_string(ParameterCount()) + ")",
                        "Binder", false);
  }
}

Result PreparedStatement::Execute() {
  ResultHandle handle;
  if (duckdb_execute_prepared(stmt_, &handle.raw) == DuckDBError) {
    const char* err = duckdb_result_error(&handle.raw);
    throw MakeError(err ? err : "execution failed", duckdb_result_error_type(&handle.raw));
  }
  return ResultBuilder::From(handle.raw);
}

std::string LibraryVersion() {
  return duckdb_library_version();
}

}  // namespace lakedev::duckdb
