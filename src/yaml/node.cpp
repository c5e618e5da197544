#include "yaml/node.hpp"

#include "common/python_format.hpp"

namespace lakedev::yaml {

Node Node::Null(SourceLocation at) {
  Node n;
  n.line_ = at.line;
  n.column_ = at.column;
  if (!at.file.empty()) n.file_ = std::make_shared<const std::string>(std::move(at.file));
  return n;
}

SourceLocation Node::where() const {
  return {file_ ? *file_ : std::string(), line_, column_};
}
Node Node::Bool(bool v, SourceLocation at) {
  Node n = Null(std::move(at));
  n.kind_ = NodeKind::kBool;
  n.bool_ = v;
  return n;
}
Node Node::Int(int64_t v, SourceLocation at) {
  Node n = Null(std::move(at));
  n.kind_ = NodeKind::kInt;
  n.int_ = v;
  return n;
}
Node Node::Float(double v, SourceLocation at) {
  Node n = Null(std::move(at));
  n.kind_ = NodeKind::kFloat;
  n.float_ = v;
  return n;
}
Node Node::String(std::string v, SourceLocation at) {
  Node n = Null(std::move(at));
  n.kind_ = NodeKind::kString;
  n.string_ = std::move(v);
  return n;
}
Node Node::Timestamp(std::string text, SourceLocation at) {
  Node n = String(std::move(text), std::move(at));
  n.kind_ = NodeKind::kTimestamp;
  return n;
}
Node Node::Sequence(SourceLocation at) {
  Node n = Null(std::move(at));
  n.kind_ = NodeKind::kSequence;
  return n;
}
Node Node::Mapping(SourceLocation at) {
  Node n = Null(std::move(at));
  n.kind_ = NodeKind::kMapping;
  return n;
}

std::string Node::ScalarText() const {
  switch (kind_) {
    case NodeKind::kNull:
      return "None";
    case NodeKind::kBool:
      return bool_ ? "True" : "False";
    case NodeKind::kInt:
      return std::to_string(int_);
    case NodeKind::kFloat:
      return PythonFloatRepr(float_);
    case NodeKind::kString:
    case NodeKind::kTimestamp:
      return string_;
    case NodeKind::kSequence:
      return "<list>";
    case NodeKind::kMapping:
      return "<dict>";
  }
  return {};
}

std::string Node::Repr() const {
  switch (kind_) {
    case NodeKind::kString:
      return PythonStrRepr(string_);
    case NodeKind::kTimestamp:
      if (string_.size() == 10) {  // a date: PyYAML builds datetime.date
        return "datetime.date(" + std::to_string(std::stoi(string_.substr(0, 4))) + ", " +
               std::to_string(std::stoi(string_.substr(5, 2))) + ", " +
               std::to_string(std::stoi(string_.substr(8, 2))) + ")";
      }
      return "'" + string_ + "'";  // datetimes: their text (no datetime repr yet)
    case NodeKind::kSequence: {
      std::string out = "[";
      for (size_t i = 0; i < items_.size(); ++i)
        out += (i ? ", " : "") + items_[i].Repr();
      return out + "]";
    }
    case NodeKind::kMapping: {
      std::string out = "{";
      for (size_t i = 0; i < entries_.size(); ++i) {
        out += (i ? ", " : "") + entries_[i].first.Repr() + ": " + entries_[i].second.Repr();
      }
      return out + "}";
    }
    default:
      return ScalarText();
  }
}

bool KeyEquals(const Node& a, const Node& b) {
  // Python dict keys: 1 == 1.0 == True; only scalar keys occur in practice.
  auto numeric = [](const Node& n, double& out) {
    switch (n.kind()) {
      case NodeKind::kBool:
        out = n.AsBool() ? 1 : 0;
        return true;
      case NodeKind::kInt:
        out = static_cast<double>(n.AsInt());
        return true;
      case NodeKind::kFloat:
        out = n.AsFloat();
        return true;
      default:
        return false;
    }
  };
  double x, y;
  if (numeric(a, x) && numeric(b, y)) return x == y;
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case NodeKind::kNull:
      return true;
    case NodeKind::kString:
    case NodeKind::kTimestamp:
      return a.AsString() == b.AsString();
    default:
      return false;
  }
}

void Node::Set(Node key, Node value) {
  for (auto& [k, v] : entries_) {
    if (KeyEquals(k, key)) {
      v = std::move(value);
      return;
    }
  }
  entries_.emplace_back(std::move(key), std::move(value));
}

const std::pair<Node, Node>* Node::FindEntry(std::string_view key) const {
  if (kind_ != NodeKind::kMapping) return nullptr;
  for (const auto& entry : entries_) {
    if (entry.first.kind() == NodeKind::kString && entry.first.AsString() == key) return &entry;
  }
  return nullptr;
}

const Node* Node::Find(std::string_view key) const {
  const auto* entry = FindEntry(key);
  return entry ? &entry->second : nullptr;
}

const Node* Node::FindKey(std::string_view key) const {
  const auto* entry = FindEntry(key);
  return entry ? &entry->first : nullptr;
}

std::string_view Node::TypeName() const {
  switch (kind_) {
    case NodeKind::kNull:
      return "NoneType";
    case NodeKind::kBool:
      return "bool";
    case NodeKind::kInt:
      return "int";
    case NodeKind::kFloat:
      return "float";
    case NodeKind::kString:
      return "str";
    case NodeKind::kTimestamp:
      return "datetime";
    case NodeKind::kSequence:
      return "list";
    case NodeKind::kMapping:
      return "dict";
  }
  return "object";
}

}  // namespace lakedev::yaml
