#include "jinja/json.hpp"

#include <nlohmann/json.hpp>

#include "jinja/error.hpp"

namespace lakedev::jinja {

namespace {
Value Convert(const nlohmann::ordered_json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null:
      return Value::MakeNone();
    case nlohmann::json::value_t::boolean:
      return Value::Bool(j.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return Value::Int(j.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      uint64_t u = j.get<uint64_t>();
      if (u > static_cast<uint64_t>(INT64_MAX)) {
        throw TemplateError(TemplateErrorKind::kOverflow,
                            "JSON integer " + std::to_string(u) + " does not fit in 64 bits");
      }
      return Value::Int(static_cast<int64_t>(u));
    }
    case nlohmann::json::value_t::number_float:
      return Value::Float(j.get<double>());
    case nlohmann::json::value_t::string:
      return Value::String(j.get<std::string>());
    case nlohmann::json::value_t::array: {
      std::vector<Value> items;
      for (const auto& x : j)
        items.push_back(Convert(x));
      return Value::List(std::move(items));
    }
    case nlohmann::json::value_t::object: {
      auto d = std::make_shared<Dict>();
      for (const auto& [k, x] : j.items())
        d->Set(Value::String(k), Convert(x));
      return Value::MakeDict(d);
    }
    default:
      return Value::MakeNone();
  }
}
}  // namespace

Value FromJson(std::string_view text) {
  try {
    return Convert(nlohmann::ordered_json::parse(text));
  } catch (const nlohmann::json::exception& e) {
    throw TemplateError(TemplateErrorKind::kValue, std::string("invalid JSON: ") + e.what());
  }
}

}  // namespace lakedev::jinja
