// What a render needs to reach the database while a node runs, and what it leaves
// behind: the worker's session, the shared relation cache, the results of its statement
// blocks (store_result / load_result) and the SQL it wrote for target/run/.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "adapters/relation_cache.hpp"

namespace lakedev::context {

struct Execution {
  adapters::Session* session = nullptr;
  adapters::RelationCache* cache = nullptr;
  std::map<std::string, jinja::Value> results;  // by statement name
  std::optional<std::string> written;           // write(): the node's target/run/ SQL
};

// An AdapterResponse ({_message, code, rows_affected}; str() is the message).
jinja::Value MakeResponse(const adapters::Response& response);

// The adapter's methods that need the database (execute, get_relation, rename_relation,
// ...); nullopt for a name that is not one of them.
std::optional<jinja::Value> ExecutionMethod(Execution& execution, std::string_view name,
                                            const jinja::Value& quoting);

}  // namespace lakedev::context
