// A YAML document as dbt sees it: PyYAML's SafeLoader (YAML 1.1 typing) turned into a
// tree of typed nodes, each remembering where it came from for error messages.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.hpp"

namespace lakedev::yaml {

enum class NodeKind { kNull, kBool, kInt, kFloat, kString, kTimestamp, kSequence, kMapping };

class Node {
 public:
  Node() = default;
  static Node Null(SourceLocation at = {});
  static Node Bool(bool v, SourceLocation at = {});
  static Node Int(int64_t v, SourceLocation at = {});
  static Node Float(double v, SourceLocation at = {});
  static Node String(std::string v, SourceLocation at = {});
  // A YAML 1.1 timestamp (PyYAML builds date/datetime objects); the text is kept as written.
  static Node Timestamp(std::string text, SourceLocation at = {});
  static Node Sequence(SourceLocation at = {});
  static Node Mapping(SourceLocation at = {});

  NodeKind kind() const { return kind_; }
  bool IsNull() const { return kind_ == NodeKind::kNull; }
  bool IsMapping() const { return kind_ == NodeKind::kMapping; }
  bool IsSequence() const { return kind_ == NodeKind::kSequence; }
  bool IsString() const { return kind_ == NodeKind::kString; }
  // Where the node starts in its file (1-based line and column).
  SourceLocation where() const;
  // Nodes of one document share their file name rather than each holding a copy.
  void SetFile(std::shared_ptr<const std::string> file) { file_ = std::move(file); }

  bool AsBool() const { return bool_; }
  int64_t AsInt() const { return int_; }
  double AsFloat() const { return float_; }
  // The string of a string or timestamp node.
  const std::string& AsString() const { return string_; }
  // Python's str() of a scalar: what the value looks like when dbt formats it.
  std::string ScalarText() const;
  // Python's repr() of the loaded value: 'text', None, [1, 'a'], {'k': True}.
  std::string Repr() const;

  const std::vector<Node>& items() const { return items_; }
  const std::vector<std::pair<Node, Node>>& entries() const { return entries_; }
  void Append(Node item) { items_.push_back(std::move(item)); }
  // Inserts or replaces; a replaced key keeps its first position, as a Python dict does.
  void Set(Node key, Node value);

  // The value under a string key of a mapping; nullptr when absent or not a mapping.
  const Node* Find(std::string_view key) const;
  // The key node of `key`, for errors that point at the key rather than the value.
  const Node* FindKey(std::string_view key) const;

  // Kind names as Python would print type(x).__name__, for error messages.
  std::string_view TypeName() const;

  // Which PyYAML key object this scalar would be, for merge-key deduplication (see
  // parse.cpp); set by the parser, kept by copies made for aliases.
  uint64_t identity() const { return identity_; }
  void set_identity(uint64_t id) { identity_ = id; }

 private:
  const std::pair<Node, Node>* FindEntry(std::string_view key) const;

  NodeKind kind_ = NodeKind::kNull;
  bool bool_ = false;
  int64_t int_ = 0;
  double float_ = 0;
  std::string string_;
  std::vector<Node> items_;
  std::vector<std::pair<Node, Node>> entries_;
  std::shared_ptr<const std::string> file_;
  uint32_t line_ = 0;
  uint32_t column_ = 0;
  uint64_t identity_ = 0;
};

bool KeyEquals(const Node& a, const Node& b);

}  // namespace lakedev::yaml
