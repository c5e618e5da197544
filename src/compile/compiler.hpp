// Compiling nodes as dbt does: each node's SQL rendered in execute mode with refs and
// sources resolved to relation names, ephemeral models turned into `__dbt__cte__<name>`
// CTEs injected at the top of the SQL that uses them, generic tests rendered over their
// arguments; the results written under target/compiled/<package>/.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "context/relation.hpp"
#include "context/renderer.hpp"
#include "parse/parser.hpp"

namespace lakedev::compile {

class Compiler : public context::Resolver {
 public:
  explicit Compiler(parse::ParsedProject& project) : p_(project), renderer_(*project.renderer) {}
  // A worker thread's compiler renders with that worker's own renderer.
  Compiler(parse::ParsedProject& project, context::Renderer& renderer)
      : p_(project), renderer_(renderer) {}

  // Compiles `node` (and the ephemeral models it uses); sets compiled_code. Idempotent.
  void Compile(manifest::Node& node);
  // Compiles `node` again (a microbatch model, once per batch).
  void Recompile(manifest::Node& node);
  // target/compiled/<package>/<file> for `node`, relative to the project.
  static std::string CompiledPath(const std::string& target_path, const manifest::Node& node);
  // target/run/<package>/<file>: the SQL that ran for `node`.
  static std::string RunPath(const std::string& target_path, const manifest::Node& node);

  // Where a source really is, when something other than its YAML says so (lakedev's
  // registered Iceberg views); nullopt keeps the YAML's database.schema.identifier.
  using SourceRedirect =
      std::function<std::optional<context::RelationParts>(const manifest::Source&)>;
  void set_source_redirect(SourceRedirect redirect) { source_redirect_ = std::move(redirect); }
  // --empty: refs and sources read no rows (schemas are built, no data moves).
  void set_empty(bool empty) { empty_ = empty; }

  jinja::Value Ref(manifest::Node& from, const manifest::RefCall& ref) override;
  jinja::Value Source(manifest::Node& from, const std::string& source,
                      const std::string& table) override;

 private:
  std::string Render(manifest::Node& node);
  jinja::Dict TestKwargs(manifest::Node& node);
  jinja::Value RenderKwarg(manifest::Node& node, const jinja::Value& value);

  // A microbatch batch's filter on `target` when `from` runs a batch and `target` has an
  // event_time ("" otherwise).
  static std::string EventTimeFilter(const manifest::Node& from, const jinja::DictPtr& target);
  static std::string OutputPath(const std::string& target_path, const char* kind,
                                const manifest::Node& node);

  parse::ParsedProject& p_;
  context::Renderer& renderer_;
  SourceRedirect source_redirect_;
  bool empty_ = false;
  std::set<std::string> done_;
  std::set<std::string> in_progress_;
  std::map<std::string, std::string> pre_injected_;           // ephemeral id -> its own SQL
  std::map<std::string, std::vector<std::string>> cte_refs_;  // node id -> ephemeral ids used
};

// Puts `ctes` (" __dbt__cte__x as (\n...\n)" each) at the top of `sql` as dbt does: after
// the statement's leading WITH (or WITH RECURSIVE) if it has one, else in a new WITH before
// its first token.
std::string InjectCtes(const std::string& sql, const std::vector<std::string>& ctes);

}  // namespace lakedev::compile
