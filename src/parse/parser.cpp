#include "parse/parser.hpp"

#include <filesystem>
#include <regex>
#include <set>

#include "common/paths.hpp"
#include "context/digest.hpp"
#include "context/node_object.hpp"
#include "context/relation.hpp"
#include "global_project/files.hpp"
#include "jinja/error.hpp"
#include "jinja/objects.hpp"
#include "jinja/operations.hpp"
#include "jinja/parser.hpp"
#include "parse/config.hpp"
#include "parse/files.hpp"
#include "parse/generic_tests.hpp"
#include "parse/macro_deps.hpp"
#include "parse/properties.hpp"
#include "project/yaml_checks.hpp"
#include "project/yaml_value.hpp"
#include "yaml/parse.hpp"

namespace lakedev::parse {
namespace fs = std::filesystem;
using jinja::Dict;
using jinja::Value;
using manifest::Node;
using manifest::ResourceType;

std::string TargetDatabase(const project::Target& target) {
  if (const yaml::Node* db = target.fields.Find("database"); db && !db->IsNull()) {
    return db->ScalarText();
  }
  const yaml::Node* path = target.fields.Find("path");
  std::string p = path && !path->IsNull() ? path->ScalarText() : ":memory:";
  if (p == ":memory:" || p.empty()) return "memory";
  // The file name up to its first dot (leading dots dropped): my.db.duckdb -> my.
  std::string name = fs::path(p).filename().string();
  size_t start = name.find_first_not_of('.');
  name = start == std::string::npos ? "" : name.substr(start);
  return name.substr(0, name.find('.'));
}

namespace {

std::string Stem(const std::string& path) {
  return fs::path(path).stem().string();
}

// [package, directories of `path`..., name]
std::vector<std::string> PathFqn(const std::string& package, const std::string& path,
                                 const std::string& name) {
  std::vector<std::string> fqn{package};
  fs::path dir = fs::path(path).parent_path();
  for (const auto& part : dir) {
    if (!part.empty() && part != ".") fqn.push_back(part.string());
  }
  fqn.push_back(name);
  return fqn;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

class MacroRecorder : public context::MacroCallObserver {
 public:
  explicit MacroRecorder(std::vector<std::string>* out) : out_(out) {
    saved_ = context::MacroFunction::Observer();
    context::MacroFunction::Observer() = this;
  }
  ~MacroRecorder() override { context::MacroFunction::Observer() = saved_; }
  void OnMacroCall(const manifest::Macro& macro) override {
    if (seen_.insert(macro.unique_id).second) out_->push_back(macro.unique_id);
  }

 private:
  std::vector<std::string>* out_;
  std::set<std::string> seen_;
  context::MacroCallObserver* saved_;
};

class Parser {
 public:
  explicit Parser(ParsedProject& out) : out_(out), m_(out.manifest) {}

  void Run() {
    const ParseSettings& s = out_.settings;
    m_.root_project = s.root.name;
    projects_[s.root.name] = &s.root;
    for (const auto& p : s.packages)
      projects_[p.name] = &p;
    for (const auto& f : global_project::Files()) {
      AddMacros(context::kInternalPackage, std::string(f.path), std::string(f.text));
    }
    std::map<std::string, ProjectFiles> files;
    for (const auto& [name, project] : projects_) {
      files[name] = FindProjectFiles(*project);
      for (const auto& f : files[name].macros) {
        AddMacros(name, f.original_file_path, ReadFile(f.absolute));
      }
      for (const auto& f : files[name].docs)
        AddDocs(name, f);
    }
    EnsureTargetDatabase();
    context::RenderSettings rs;
    rs.root = &s.root;
    rs.projects = projects_;
    rs.target = &target_;
    rs.cli_vars = s.cli_vars;
    rs.invocation_id = s.invocation_id;
    out_.renderer = std::make_unique<context::Renderer>(std::move(rs), m_);
    trees_.set_renderer([this](const Value& v) { return RenderConfig(v); });
    for (const auto& [name, project] : projects_) {
      const ProjectFiles& f = files[name];
      for (const auto& file : f.models)
        AddSqlNode(*project, file, ResourceType::kModel);
      for (const auto& file : f.analyses)
        AddSqlNode(*project, file, ResourceType::kAnalysis);
      for (const auto& file : f.tests)
        AddSqlNode(*project, file, ResourceType::kTest);
      for (const auto& file : f.seeds)
        AddSeed(*project, file);
      for (const auto& file : f.snapshots)
        AddBlockSnapshots(*project, file);
      for (const auto& file : f.properties) {
        properties_[name].push_back(ReadPropertiesFile(file.absolute, file.original_file_path));
        AddYamlSnapshots(*project, file, properties_[name].back());
      }
      AddHooks(*project);
    }
    ApplyPatches();
    for (auto& [id, node] : pending_) {
      FinishNode(*node);
      RenderHooks(*node);
    }
    AddSources();
    AddExposures();
    GenericTestBuilder tests(out_, [this](Node& n, jinja::DictPtr builder, jinja::DictPtr sql,
                                          jinja::DictPtr unrendered_sql) {
      // As dbt: a test's config values holding Jinja are rendered while parsing
      // (unrendered_config keeps them as written).
      auto render_all = [this](const jinja::DictPtr& d, bool& changed) {
        auto rendered = std::make_shared<Dict>();
        for (const auto& [k, v] : d->entries()) {
          Value r = RenderConfig(v);
          changed = changed || !r.IsString() || !v.IsString() || r.AsString() != v.AsString();
          rendered->Set(k, r);
        }
        return rendered;
      };
      bool builder_changed = false, sql_changed = false;
      auto rendered_builder = render_all(builder, builder_changed);
      auto rendered_sql = sql ? render_all(sql, sql_changed) : sql;
      if (builder_changed) unrendered_patch_[n.unique_id] = builder;
      if (sql_changed && !unrendered_sql) unrendered_sql = sql;
      patch_config_[n.unique_id] = builder_changed ? rendered_builder : std::move(builder);
      sql_config_[n.unique_id] = sql_changed ? rendered_sql : std::move(sql);
      if (unrendered_sql) unrendered_sql_[n.unique_id] = std::move(unrendered_sql);
      FinishNode(n);
    });
    for (auto& [name, files_of] : properties_) {
      for (const auto& pf : files_of)
        tests.AddFromProperties(*projects_.at(name), pf, pending_);
    }
    for (auto& node : tests.TakeNodes())
      pending_[node->unique_id] = std::move(node);
    for (auto& [id, node] : pending_) {
      if (node->enabled) {
        m_.nodes[id] = std::move(node);
      } else {
        m_.disabled.push_back(std::move(node));
      }
    }
    Link();
    AddUnitTests();
    m_.BuildMaps();
    LoadSelectors();
    RenderDescriptions();
    ApplyMacroPatches();
    std::vector<std::string> packages;
    for (const auto& [name, project] : projects_)
      packages.push_back(name);
    ResolveMacroDependencies(m_, out_.renderer->macros(), out_.settings.root, packages);
  }

 private:
  // {% docs name %}...{% enddocs %} blocks of a markdown file.
  void AddDocs(const std::string& package, const ProjectFile& file) {
    static const std::regex block(
        R"(\{%-?\s*docs\s+(\w+)\s*-?%\}([\s\S]*?)\{%-?\s*enddocs\s*-?%\})");
    std::string text = ReadFile(file.absolute);
    for (std::sregex_iterator it(text.begin(), text.end(), block), end; it != end; ++it) {
      manifest::Doc d;
      d.name = (*it)[1].str();
      d.package_name = package;
      d.unique_id = "doc." + package + "." + d.name;
      d.original_file_path = file.original_file_path;
      d.path = file.path;
      d.block_contents = Trim((*it)[2].str());
      m_.docs[d.unique_id] = d;
    }
  }

  // A YAML string holding Jinja (`{{ env_var('X') }}`), rendered in parse mode for a
  // node of `package`; `extra` adds variables (doc() for descriptions).
  std::string RenderValueText(const std::string& text, const std::string& package,
                              const std::string& file, const Dict* extra = nullptr) {
    if (text.find("{{") == std::string::npos && text.find("{%") == std::string::npos) {
      return text;
    }
    Node holder;
    holder.package_name = package;
    holder.original_file_path = file;
    holder.config = DefaultConfig(ResourceType::kModel);
    auto ast = jinja::Parse(text, file);
    return out_.renderer->Render(holder, *ast, context::Mode::kParse, nullptr, nullptr, extra);
  }

  // Descriptions are templates: `{{ doc('name') }}` gives a docs block's text.
  std::string RenderDescription(const std::string& text, const std::string& package,
                                const std::string& file) {
    if (text.find("{{") == std::string::npos && text.find("{%") == std::string::npos) {
      return text;
    }
    Dict extra;
    const manifest::Manifest* m = &m_;
    extra.Set(Value::String("doc"),
              Value::Func(std::make_shared<jinja::NativeFunction>(
                  "doc", [m, package, file](jinja::Interpreter&, jinja::CallArgs& a) {
                    std::vector<std::string> args;
                    for (const auto& v : a.positional)
                      args.push_back(v.Str());
                    a.positional.clear();
                    std::vector<std::string> packages;
                    std::string name = args.empty() ? "" : args.back();
                    if (args.size() == 2) {
                      packages = {args[0]};
                    } else {
                      packages = {m->root_project, package};
                      for (const auto& [id, d] : m->docs)
                        packages.push_back(d.package_name);
                    }
                    for (const auto& p : packages) {
                      auto it = m->docs.find("doc." + p + "." + name);
                      if (it != m->docs.end()) return Value::String(it->second.block_contents);
                    }
                    throw Error(ErrorKind::kConfig,
                                "Documentation for '" + file + "' depends on doc '" + name +
                                    "' which was not found",
                                {file, 0, 0}, "define it in a {% docs " + name + " %} block");
                  })));
    return RenderValueText(text, package, file, &extra);
  }

  void RenderDescriptions() {
    auto columns = [&](std::vector<manifest::Column>& cols, const std::string& pkg,
                       const std::string& file) {
      for (auto& c : cols)
        c.description = RenderDescription(c.description, pkg, file);
    };
    for (auto& [id, n] : m_.nodes) {
      std::string file = n->patch_path ? n->patch_path->substr(n->patch_path->find("://") + 3)
                                       : n->original_file_path;
      n->description = RenderDescription(n->description, n->package_name, file);
      columns(n->columns, n->package_name, file);
    }
    for (auto& [id, s] : m_.sources) {
      s->description = RenderDescription(s->description, s->package_name, s->original_file_path);
      s->source_description =
          RenderDescription(s->source_description, s->package_name, s->original_file_path);
      columns(s->columns, s->package_name, s->original_file_path);
    }
    for (auto& [id, e] : m_.exposures) {
      e->description = RenderDescription(e->description, e->package_name, e->original_file_path);
    }
  }

  // `macros:` entries of properties files: description, arguments, meta, docs.
  void ApplyMacroPatches() {
    for (auto& [package, files] : properties_) {
      for (const auto& pf : files) {
        for (const auto& patch : pf.macros) {
          auto it = m_.macros.find("macro." + package + "." + patch.name);
          if (it == m_.macros.end()) continue;
          manifest::Macro& macro = *it->second;
          macro.description = RenderDescription(patch.description, package, pf.file);
          macro.patch_path = package + "://" + pf.file;
          macro.arguments = patch.arguments;
          macro.meta = patch.meta;
          if (!patch.docs.IsNone()) macro.docs = patch.docs;
        }
      }
    }
  }

  // dbt-duckdb's target always has a database (the file's stem) and a schema (main).
  void EnsureTargetDatabase() {
    project::Target& t = out_.settings.target;
    if (t.type != "duckdb") return;
    if (!t.fields.IsMapping()) t.fields = yaml::Node::Mapping();
    if (!t.fields.Find("database")) {
      t.fields.Set(yaml::Node::String("database"), yaml::Node::String(TargetDatabase(t)));
    }
    if (!t.fields.Find("schema")) {
      t.fields.Set(yaml::Node::String("schema"), yaml::Node::String("main"));
    }
  }

  std::string TargetField(const char* key) const {
    const yaml::Node* n = target_.fields.Find(key);
    return n ? n->ScalarText() : "";
  }

  void AddMacros(const std::string& package, const std::string& path, const std::string& text) {
    jinja::ParseOptions options;
    options.dbt_tags = true;
    std::shared_ptr<const jinja::TemplateAst> ast = jinja::Parse(text, path, options);
    for (const auto& stmt : ast->body) {
      if (stmt->kind != jinja::Stmt::Kind::kMacro) continue;
      const std::string& name = stmt->macro->name;
      if (name.rfind("docs_", 0) == 0) continue;
      auto macro = std::make_unique<manifest::Macro>();
      macro->name = name;
      macro->package_name = package;
      macro->unique_id = "macro." + package + "." + name;
      macro->original_file_path = path;
      macro->path = path;
      macro->def = stmt->macro;
      macro->ast = ast;
      if (m_.macros.count(macro->unique_id)) {
        throw Error(
            ErrorKind::kConfig,
            "dbt found two macros named \"" + name + "\" in the project \"" + package + "\".",
            {path, stmt->pos.line, stmt->pos.column},
            "rename or remove one of them (the other is in " +
                m_.macros[macro->unique_id]->original_file_path + ")");
      }
      m_.macros[macro->unique_id] = std::move(macro);
    }
  }

  std::unique_ptr<Node> NewNode(const project::DbtProject& project, const ProjectFile& file,
                                ResourceType type) {
    auto n = std::make_unique<Node>();
    n->resource_type = type;
    n->name = Stem(file.path);
    n->package_name = project.name;
    n->path = file.path;
    n->original_file_path = file.original_file_path;
    n->root_dir = project.dir;
    n->unique_id =
        std::string(manifest::ResourceTypeName(type)) + "." + project.name + "." + n->name;
    n->fqn = PathFqn(project.name, file.path, n->name);
    n->database = TargetField("database");
    n->schema = TargetField("schema");
    n->alias = n->name;
    n->config = DefaultConfig(type);
    return n;
  }

  void CheckDuplicate(const Node& n) {
    auto it = pending_.find(n.unique_id);
    if (it == pending_.end()) return;
    throw Error(
        ErrorKind::kConfig,
        "dbt found two " + std::string(manifest::ResourceTypeName(n.resource_type)) +
            "s with the name \"" + n.name +
            "\".\n\nSince these resources have the same "
            "name, dbt will be unable to find the correct resource when looking for ref(\"" +
            n.name + "\").\n\nTo fix this, change the name of one of these resources:\n- " +
            it->second->unique_id + " (" + it->second->original_file_path + ")\n- " + n.unique_id +
            " (" + n.original_file_path + ")",
        {n.original_file_path, 0, 0}, "rename one of the two files");
  }

  void AddSqlNode(const project::DbtProject& project, const ProjectFile& file, ResourceType type) {
    auto n = NewNode(project, file, type);
    n->raw_code = Trim(ReadFile(file.absolute));  // dbt strips the file (Python's str.strip)
    n->checksum = context::Sha256Hex(n->raw_code);
    if (type == ResourceType::kAnalysis) {
      // dbt files analyses under "analysis/" in path and fqn.
      n->path = "analysis/" + n->path;
      n->fqn.insert(n->fqn.begin() + 1, "analysis");
    }
    RenderForParse(std::move(n));
  }

  // Renders a node's SQL in parse mode, records what it called, and keeps it.
  void RenderForParse(std::unique_ptr<Node> n) {
    n->ast = jinja::Parse(n->raw_code, n->original_file_path);
    CheckDuplicate(*n);
    ApplyProjectConfig(*n, nullptr);
    context::ParseCapture capture;
    {
      MacroRecorder recorder(&capture.macros);
      out_.renderer->Render(*n, *n->ast, context::Mode::kParse, &capture, nullptr);
    }
    n->refs = std::move(capture.refs);
    n->sources = std::move(capture.sources);
    n->depends_on_macros = std::move(capture.macros);
    sql_config_[n->unique_id] = capture.config;
    pending_[n->unique_id] = std::move(n);
  }

  // Snapshots defined in YAML (`relation:` under `snapshots:` in a snapshot-paths file).
  void AddYamlSnapshots(const project::DbtProject& project, const ProjectFile& file,
                        const PropertiesFile& properties) {
    const std::string* root = nullptr;
    for (const auto& p : project.snapshot_paths) {
      if (file.original_file_path.rfind(p + "/", 0) == 0) root = &p;
    }
    if (!root) return;
    for (const auto& patch : properties.patches) {
      if (patch.key != "snapshots" || !patch.relation) continue;
      auto n = std::make_unique<Node>();
      n->resource_type = ResourceType::kSnapshot;
      n->name = patch.name;
      n->package_name = project.name;
      n->unique_id = "snapshot." + project.name + "." + patch.name;
      n->path = file.path + "/" + patch.name + ".sql";
      n->original_file_path = file.original_file_path;
      n->root_dir = project.dir;
      n->fqn = PathFqn(project.name, file.path, patch.name);
      n->database = TargetField("database");
      n->schema = TargetField("schema");
      n->alias = n->name;
      n->raw_code = "select * from {{ " + *patch.relation + " }}";
      n->checksum = context::Sha256Hex(Trim(ReadFile(file.absolute)));
      n->config = DefaultConfig(ResourceType::kSnapshot);
      RenderForParse(std::move(n));
    }
  }

  // Legacy snapshots: {% snapshot name %} ... {% endsnapshot %} blocks in .sql files.
  void AddBlockSnapshots(const project::DbtProject& project, const ProjectFile& file) {
    static const std::regex block(
        R"(\{%-?\s*snapshot\s+(\w+)\s*-?%\}([\s\S]*?)\{%-?\s*endsnapshot\s*-?%\})");
    std::string text = ReadFile(file.absolute);
    for (std::sregex_iterator it(text.begin(), text.end(), block), end; it != end; ++it) {
      auto n = NewNode(project, file, ResourceType::kSnapshot);
      n->name = (*it)[1].str();
      n->unique_id = "snapshot." + project.name + "." + n->name;
      n->fqn.push_back(n->name);  // dbt keeps the file's stem in the fqn too
      n->alias = n->name;
      n->raw_code = (*it)[2].str();
      n->checksum = context::Sha256Hex(Trim(text));
      RenderForParse(std::move(n));
    }
  }

  // on-run-start / on-run-end hooks of a project: operation nodes named
  // <project>-on-run-start-<i>.
  void AddHooks(const project::DbtProject& project) {
    std::string checksum = context::Sha256Hex(Trim(ReadFile(project.file)));
    for (const auto& [kind, hooks] : {std::pair{"on-run-start", &project.on_run_start},
                                      std::pair{"on-run-end", &project.on_run_end}}) {
      for (size_t i = 0; i < hooks->size(); ++i) {
        auto n = std::make_unique<Node>();
        n->resource_type = ResourceType::kOperation;
        n->name = project.name + "-" + kind + "-" + std::to_string(i);
        n->package_name = project.name;
        n->unique_id = "operation." + project.name + "." + n->name;
        n->path = "hooks/" + n->name + ".sql";
        n->original_file_path = "./dbt_project.yml";
        n->root_dir = project.dir;
        n->fqn = {project.name, "hooks", n->name};
        n->database = TargetField("database");
        n->schema = TargetField("schema");
        n->alias = n->name;
        n->raw_code = (*hooks)[i];
        n->checksum = checksum;
        n->config = DefaultConfig(ResourceType::kOperation);
        hook_tags_[n->unique_id] = kind;
        RenderForParse(std::move(n));
      }
    }
  }

  void AddSeed(const project::DbtProject& project, const ProjectFile& file) {
    auto n = NewNode(project, file, ResourceType::kSeed);
    n->checksum = context::Sha256Hex(Trim(ReadFile(file.absolute)));
    CheckDuplicate(*n);
    pending_[n->unique_id] = std::move(n);
  }

  // The config layers of a node in dbt's precedence, lowest first: the node's own project
  // tree, `patch` (properties file), `sql` (config() calls), then for a package's node the
  // root project's tree. (Tree levels live in trees_ as long as the parser.)
  // `rendered`: the project trees' Jinja values rendered (the resolved config); else as
  // written (unrendered_config, tags of the SQL pass).
  std::vector<const Dict*> Layers(const Node& n, const Dict* patch, const Dict* sql,
                                  bool rendered = false) const {
    std::vector<const Dict*> out;
    const project::DbtProject& own = *projects_.at(n.package_name);
    for (const auto& level : trees_.Levels(own, n.resource_type, n.fqn, rendered))
      out.push_back(level.get());
    if (patch) out.push_back(patch);
    if (sql) out.push_back(sql);
    if (&own != &out_.settings.root) {
      for (const auto& level :
           trees_.Levels(out_.settings.root, n.resource_type, n.fqn, rendered)) {
        out.push_back(level.get());
      }
    }
    return out;
  }

  jinja::DictPtr ConfigFor(const Node& n, const Dict* patch, const Dict* sql) const {
    auto config = DefaultConfig(n.resource_type);
    for (const Dict* layer : Layers(n, patch, sql, true))
      MergeConfig(*config, *layer);
    return config;
  }

  // A config value with Jinja rendered natively in the root project's parse context.
  Value RenderConfig(const Value& v) {
    static Node context_node;
    context_node.package_name = out_.settings.root.name;
    context_node.name = out_.settings.root.name;
    context_node.original_file_path = "dbt_project.yml";
    context_node.config = std::make_shared<Dict>();
    return RenderConfigValue(
        v,
        [&](const std::string& expr) {
          return out_.renderer->Evaluate(context_node, expr, context::Mode::kParse, nullptr,
                                         nullptr);
        },
        [&](const std::string& text) {
          auto ast = jinja::Parse(text, context_node.original_file_path);
          return out_.renderer->Render(context_node, *ast, context::Mode::kParse, nullptr, nullptr);
        });
  }

  // unrendered_config: the same layers as written, each a plain dict update.
  jinja::DictPtr UnrenderedFor(const Node& n, const Dict* patch, const Dict* sql) const {
    auto out = std::make_shared<Dict>();
    for (const Dict* layer : Layers(n, patch, sql)) {
      for (const auto& [k, v] : layer->entries())
        out->Set(k, v);
    }
    return out;
  }

  void ApplyProjectConfig(Node& n, const Dict* patch) { n.config = ConfigFor(n, patch, nullptr); }

  void ApplyPatches() {
    for (auto& [package, files] : properties_) {
      for (auto& pf : files) {
        for (auto& patch : pf.patches) {
          ResourceType type = PatchResourceType(patch.key);
          // Top-level meta and docs of a properties entry are config (top-level tags are
          // ignored by dbt).
          if (patch.has_meta) patch.config->Set(Value::String("meta"), patch.meta);
          if (!patch.docs.IsNone()) patch.config->Set(Value::String("docs"), patch.docs);
          if (type == ResourceType::kModel && !patch.versions.empty()) {
            ApplyVersions(package, pf, patch);
            continue;
          }
          std::string id =
              std::string(manifest::ResourceTypeName(type)) + "." + package + "." + patch.name;
          auto it = pending_.find(id);
          if (it == pending_.end()) continue;  // dbt warns; the test builder skips it too
          Patch(*it->second, package, pf, patch, patch.columns, patch.config);
        }
      }
    }
  }

  void Patch(Node& n, const std::string& package, const PropertiesFile& pf, const NodePatch& patch,
             const std::vector<ColumnSpec>& columns, const jinja::DictPtr& config) {
    if (patch.description) n.description = *patch.description;
    n.constraints = patch.constraints;
    n.columns.clear();
    for (const auto& c : columns)
      n.columns.push_back(c.column);
    n.patch_path = package + "://" + pf.file;
    if (patch.deprecation_date) n.deprecation_date = patch.deprecation_date;
    patch_config_[n.unique_id] = config;
  }

  // A versioned model: each version's file (`defined_in`, else <name>_v<v>, or <name> for
  // the latest) becomes the node <name>.v<v>.
  void ApplyVersions(const std::string& package, const PropertiesFile& pf, NodePatch& patch) {
    Value latest = patch.latest_version.value_or(Value::MakeNone());
    if (latest.IsNone()) {
      for (const auto& v : patch.versions) {
        if (latest.IsNone() || jinja::CompareOrder(">", v.v, latest)) latest = v.v;
      }
    }
    std::string latest_label = latest.Str();
    for (const auto& v : patch.versions) {
      std::string stem = v.defined_in.value_or(patch.name + "_v" + v.label);
      auto it = pending_.find("model." + package + "." + stem);
      if (it == pending_.end() && v.label == latest_label) {
        it = pending_.find("model." + package + "." + patch.name);
      }
      if (it == pending_.end()) {
        throw Error(
            ErrorKind::kConfig,
            "version " + v.label + " of model '" + patch.name + "' has no file " + stem + ".sql",
            patch.where, "create it, or set `defined_in:` on the version");
      }
      std::unique_ptr<Node> node = std::move(it->second);
      std::string old_id = it->first;
      pending_.erase(it);
      node->name = patch.name;
      node->version = v.label;
      node->version_value = v.v;
      node->latest_version = latest_label;
      node->latest_version_value = latest;
      node->unique_id = "model." + package + "." + patch.name + ".v" + v.label;
      node->fqn.back() = patch.name;
      node->fqn.push_back("v" + v.label);
      if (auto sql = sql_config_.find(old_id); sql != sql_config_.end()) {
        sql_config_[node->unique_id] = sql->second;
        sql_config_.erase(sql);
      }
      auto config = std::make_shared<Dict>();
      MergeConfig(*config, *patch.config);
      MergeConfig(*config, *v.config);
      NodePatch version_patch = patch;
      if (v.description) version_patch.description = v.description;
      if (v.deprecation_date) version_patch.deprecation_date = v.deprecation_date;
      Patch(*node, package, pf, version_patch, VersionColumns(patch, v), config);
      CheckDuplicate(*node);
      pending_[node->unique_id] = std::move(node);
    }
  }

  // Final config (sql config() calls on top), tags, and the relation name.
  void FinishNode(Node& n) {
    auto patch_it = patch_config_.find(n.unique_id);
    const Dict* patch = patch_it == patch_config_.end() ? nullptr : patch_it->second.get();
    auto sql_it = sql_config_.find(n.unique_id);
    const Dict* sql = sql_it == sql_config_.end() ? nullptr : sql_it->second.get();
    // Node tags: those of the SQL pass (without the properties file) first, as dbt adds
    // them in parse order; then the rest.
    n.tags.clear();
    for (const Dict* layer : Layers(n, nullptr, sql))
      AddTags(n, *layer);
    n.config = ConfigFor(n, patch, sql);
    auto unrendered_sql = unrendered_sql_.find(n.unique_id);
    auto unrendered_patch = unrendered_patch_.find(n.unique_id);
    n.unrendered_config = UnrenderedFor(
        n, unrendered_patch == unrendered_patch_.end() ? patch : unrendered_patch->second.get(),
        unrendered_sql == unrendered_sql_.end() ? sql : unrendered_sql->second.get());
    AddTags(n, *n.config);
    if (const Value* m = n.config->Find("meta"); m && m->IsDict() && !m->AsDict().empty()) {
      n.meta = *m;
    }
    if (const Value* e = n.config->Find("enabled")) n.enabled = e->Truthy();
    NormalizeHooks(*n.config);
    if (n.resource_type == ResourceType::kTest) {
      // store_failures_as follows store_failures (True: table, False: ephemeral), and the
      // other way round.
      const Value* as = n.config->Find("store_failures_as");
      const Value* sf = n.config->Find("store_failures");
      if (as && as->IsNone() && sf && !sf->IsNone()) {
        n.config->Set(Value::String("store_failures_as"),
                      Value::String(sf->Truthy() ? "table" : "ephemeral"));
      } else if (as && as->IsString()) {
        n.config->Set(Value::String("store_failures"), Value::Bool(as->AsString() != "ephemeral"));
      }
    }
    if (n.resource_type == ResourceType::kTest && n.test_metadata) {
      // Generic tests are named by their arguments, never by generate_alias_name.
    }
    n.database = Generate(n, "generate_database_name", "database");
    n.schema = Generate(n, "generate_schema_name", "schema");
    n.alias = Generate(n, "generate_alias_name", "alias");
    if (n.resource_type == ResourceType::kSnapshot) {
      // A snapshot's target_schema/target_database win over the generate_*_name macros.
      const Value* ts = n.config->Find("target_schema");
      if (ts && ts->Truthy()) n.schema = ts->Str();
      const Value* td = n.config->Find("target_database");
      if (td && td->Truthy()) n.database = td->Str();
    }
    if (auto hook = hook_tags_.find(n.unique_id); hook != hook_tags_.end()) {
      n.tags = {hook->second};
    }
    const Value* materialized = n.config->Find("materialized");
    bool ephemeral =
        materialized && materialized->IsString() && materialized->AsString() == "ephemeral";
    const Value* store_failures = n.config->Find("store_failures");
    bool stored_test =
        n.resource_type == ResourceType::kTest && store_failures && store_failures->Truthy();
    if (ephemeral || (n.resource_type == ResourceType::kTest && !stored_test) ||
        n.resource_type == ResourceType::kAnalysis || n.resource_type == ResourceType::kOperation) {
      n.relation_name.reset();
    } else {
      context::RelationParts parts;
      parts.database = n.database;
      parts.schema = n.schema;
      parts.identifier = n.alias;
      context::ApplyQuoting(out_.settings.root.quoting, parts);
      n.relation_name = context::RenderRelation(parts);
    }
  }

  // pre-hook / post-hook entries as dbt stores them: {sql, transaction, index}.
  static void NormalizeHooks(Dict& config) {
    for (const char* key : {"pre-hook", "post-hook"}) {
      const Value* hooks = config.Find(key);
      if (!hooks) continue;
      std::vector<Value> out;
      for (const auto& h : hooks->IsSequence() ? hooks->Items() : std::vector<Value>{*hooks}) {
        Value d = Value::MakeDict();
        const Value* sql = h.IsDict() ? h.AsDict().Find("sql") : &h;
        const Value* transaction = h.IsDict() ? h.AsDict().Find("transaction") : nullptr;
        const Value* index = h.IsDict() ? h.AsDict().Find("index") : nullptr;
        d.AsDict().Set(Value::String("sql"), sql ? Value::String(sql->Str()) : Value::String(""));
        d.AsDict().Set(Value::String("transaction"),
                       transaction ? *transaction : Value::Bool(true));
        d.AsDict().Set(Value::String("index"), index ? *index : Value::MakeNone());
        out.push_back(d);
      }
      config.Set(Value::String(key), Value::List(std::move(out)));
    }
  }

  // dbt renders a node's hooks at parse time too: the macros they call are dependencies.
  void RenderHooks(Node& n) {
    for (const char* key : {"pre-hook", "post-hook"}) {
      const Value* hooks = n.config->Find(key);
      if (!hooks || !hooks->IsSequence()) continue;
      for (const auto& h : hooks->Items()) {
        const Value* sql = h.IsDict() ? h.AsDict().Find("sql") : nullptr;
        if (!sql || !sql->IsString()) continue;
        auto ast = jinja::Parse(sql->AsString(), n.original_file_path);
        std::vector<std::string> macros;
        {
          MacroRecorder recorder(&macros);
          out_.renderer->Render(n, *ast, context::Mode::kParse, nullptr, nullptr);
        }
        for (const auto& m : macros) {
          if (std::find(n.depends_on_macros.begin(), n.depends_on_macros.end(), m) ==
              n.depends_on_macros.end()) {
            n.depends_on_macros.push_back(m);
          }
        }
      }
    }
  }

  static void AddTags(Node& n, const Dict& config) {
    const Value* tags = config.Find("tags");
    if (!tags) return;
    for (const auto& t : tags->IsSequence() ? tags->Items() : std::vector<Value>{*tags}) {
      std::string tag = t.Str();
      if (std::find(n.tags.begin(), n.tags.end(), tag) == n.tags.end()) n.tags.push_back(tag);
    }
  }

  std::string Generate(Node& n, const char* macro, const char* key) {
    const Value* custom = n.config->Find(key);
    if (UsesBuiltin(n.package_name, macro)) return BuiltinGenerate(n, key, custom);
    jinja::CallArgs args;
    args.positional.push_back(custom ? *custom : Value::MakeNone());
    args.positional.push_back(Value::Obj(std::make_shared<context::NodeObject>(&n)));
    Value v = out_.renderer->CallMacro(n, macro, std::move(args), context::Mode::kParse);
    return Trim(v.Str());
  }

  // Whether `macro` (generate_schema_name, ...) resolves, for nodes of `package`, to dbt's
  // own macro dispatching to dbt's own default__ version: nothing in the project or its
  // packages replaces either. Then lakedev computes the name itself (BuiltinGenerate),
  // exactly as that macro would, instead of rendering it for every node.
  bool UsesBuiltin(const std::string& package, const std::string& macro) {
    auto key = std::make_pair(package, macro);
    if (auto it = builtin_generate_.find(key); it != builtin_generate_.end()) return it->second;
    const context::MacroNamespaces& ns = out_.renderer->macros();
    const manifest::Macro* resolved = ns.Resolve(package, macro);
    const std::string& root = out_.settings.root.name;
    std::string adapter = out_.settings.target.type;
    bool builtin = resolved && resolved->package_name == context::kInternalPackage &&
                   !ns.Find(root, adapter + "__" + macro) && !ns.Find(root, "default__" + macro) &&
                   !ns.Find(context::kInternalPackage, adapter + "__" + macro) &&
                   ns.Find(context::kInternalPackage, "default__" + macro) &&
                   ns.Find(context::kInternalPackage, "default__" + macro)->package_name ==
                       context::kInternalPackage;
    for (const auto& d : out_.settings.root.dispatch) {
      if (d.macro_namespace == context::kInternalPackage) builtin = false;
    }
    builtin_generate_[key] = builtin;
    return builtin;
  }

  // dbt's default__generate_{database,schema,alias}_name (src/global_project/macros/
  // naming.sql), for nodes that use them unchanged.
  std::string BuiltinGenerate(const Node& n, const std::string& key, const Value* custom) {
    bool none = !custom || custom->IsNone();
    if (key == "database") return Trim(none ? TargetField("database") : custom->Str());
    if (key == "schema") {
      return Trim(none ? TargetField("schema") : TargetField("schema") + "_" + Trim(custom->Str()));
    }
    if (!none && custom->Truthy()) return Trim(custom->Str());
    if (n.version && !n.version->empty()) {
      std::string v = *n.version;
      std::replace(v.begin(), v.end(), '.', '_');
      return n.name + "_v" + v;
    }
    return n.name;
  }

  // Unit tests (properties files' `unit_tests:`): nodes that depend on the model they test.
  void AddUnitTests() {
    for (auto& [package, files] : properties_) {
      for (const auto& pf : files) {
        for (const auto& entry : pf.unit_tests)
          AddUnitTest(package, pf, entry);
      }
    }
  }

  void AddUnitTest(const std::string& package, const PropertiesFile& pf, const yaml::Node& entry) {
    auto n = std::make_unique<Node>();
    n->resource_type = ResourceType::kUnitTest;
    n->name = entry.Find("name")->ScalarText();
    std::string model = entry.Find("model")->ScalarText();
    manifest::RefCall ref;
    ref.name = model;
    const Node* tested = m_.ResolveRef(package, ref);
    if (!tested) {
      project::YamlChecker check(ReadFile(projects_.at(package)->dir + "/" + pf.file), pf.file);
      throw check.At(
          *entry.Find("model"),
          "unit test '" + n->name + "' tests the model '" + model + "', which was not found",
          "fix `model:`, or add the model");
    }
    n->package_name = package;
    n->unique_id = "unit_test." + package + "." + model + "." + n->name;
    n->original_file_path = pf.file;
    const project::DbtProject& project = *projects_.at(package);
    n->root_dir = project.dir;
    n->path = pf.file;
    for (const auto& dir : project.model_paths) {
      if (pf.file.rfind(dir + "/", 0) == 0) n->path = pf.file.substr(dir.size() + 1);
    }
    n->fqn = tested->fqn;
    n->fqn.push_back(n->name);
    n->database = tested->database;
    n->schema = tested->schema;
    n->alias = n->name;
    if (const yaml::Node* d = entry.Find("description"); d && !d->IsNull()) {
      n->description = d->ScalarText();
    }
    // given/expect as dbt records them: format (default dict) and fixture filled in.
    auto normalize = [](Value v) {
      if (!v.IsDict()) return v;
      if (!v.AsDict().Find("format"))
        v.AsDict().Set(Value::String("format"), Value::String("dict"));
      if (!v.AsDict().Find("fixture")) v.AsDict().Set(Value::String("fixture"), Value::MakeNone());
      return v;
    };
    Value given = Value::List();
    if (const yaml::Node* g = entry.Find("given"); g && g->IsSequence()) {
      for (const auto& item : g->items())
        given.MutableItems().push_back(normalize(project::ToValue(item)));
    }
    Value spec = Value::MakeDict();
    spec.AsDict().Set(Value::String("model"), Value::String(model));
    spec.AsDict().Set(Value::String("given"), given);
    const yaml::Node* expect = entry.Find("expect");
    spec.AsDict().Set(Value::String("expect"),
                      expect ? normalize(project::ToValue(*expect)) : Value::MakeNone());
    const yaml::Node* overrides = entry.Find("overrides");
    spec.AsDict().Set(Value::String("overrides"),
                      overrides ? project::ToValue(*overrides) : Value::MakeNone());
    n->unit_test = spec;
    n->config = std::make_shared<Dict>();
    n->config->Set(Value::String("tags"), Value::List());
    n->config->Set(Value::String("meta"), Value::MakeDict());
    n->config->Set(Value::String("enabled"), Value::Bool(true));
    if (const yaml::Node* c = entry.Find("config"); c && c->IsMapping()) {
      for (const auto& [k, v] : c->entries())
        n->config->Set(Value::String(k.ScalarText()), RenderConfig(project::ToValue(v)));
    }
    if (const Value* e = n->config->Find("enabled")) n->enabled = e->Truthy();
    if (const Value* t = n->config->Find("tags"); t && t->IsList()) {
      for (const auto& tag : t->Items())
        n->tags.push_back(tag.Str());
    }
    n->depends_on_nodes = {tested->unique_id};
    n->checksum = context::Sha256Hex(n->unique_id);
    if (n->enabled) {
      m_.nodes[n->unique_id] = std::move(n);
    } else {
      m_.disabled.push_back(std::move(n));
    }
  }

  void AddExposures() {
    for (auto& [package, files] : properties_) {
      for (const auto& pf : files) {
        for (const auto& entry : pf.exposures)
          AddExposure(package, pf, entry);
      }
    }
  }

  void AddExposure(const std::string& package, const PropertiesFile& pf, const yaml::Node& entry) {
    auto e = std::make_unique<manifest::Exposure>();
    auto text = [&](const char* key) -> std::optional<std::string> {
      const yaml::Node* n = entry.Find(key);
      if (!n || n->IsNull()) return std::nullopt;
      return n->ScalarText();
    };
    auto value = [&](const char* key) {
      const yaml::Node* n = entry.Find(key);
      return n ? project::ToValue(*n) : Value::MakeNone();
    };
    e->name = *text("name");
    e->package_name = package;
    e->unique_id = "exposure." + package + "." + e->name;
    e->original_file_path = pf.file;
    std::string rel =
        fs::path(pf.file).lexically_relative(*fs::path(pf.file).begin()).generic_string();
    e->path = rel;
    e->fqn = PathFqn(package, rel, e->name);
    e->type = text("type").value_or("");
    e->label = value("label");
    e->maturity = value("maturity");
    e->url = value("url");
    e->description = text("description").value_or("");
    Value owner = Value::MakeDict();
    owner.AsDict().Set(Value::String("email"), Value::MakeNone());
    owner.AsDict().Set(Value::String("name"), Value::MakeNone());
    if (Value o = value("owner"); o.IsDict()) {
      for (const auto& [k, v] : o.AsDict().entries())
        owner.AsDict().Set(k, v);
    }
    e->owner = owner;
    e->config = std::make_shared<Dict>();
    e->config->Set(Value::String("enabled"), Value::Bool(true));
    e->config->Set(Value::String("tags"), Value::List());
    e->config->Set(Value::String("meta"), Value::MakeDict());
    e->unrendered_config = std::make_shared<Dict>();
    if (Value c = value("config"); c.IsDict()) {
      for (const auto& [k, v] : c.AsDict().entries())
        e->unrendered_config->Set(k, v);
      MergeConfig(*e->config, c.AsDict());
    }
    Dict top;
    if (const yaml::Node* t = entry.Find("tags"))
      top.Set(Value::String("tags"), project::ToValue(*t));
    if (const yaml::Node* m = entry.Find("meta"))
      top.Set(Value::String("meta"), project::ToValue(*m));
    MergeConfig(*e->config, top);
    if (const Value* tags = e->config->Find("tags")) {
      for (const auto& t : tags->IsSequence() ? tags->Items() : std::vector<Value>{*tags}) {
        if (std::find(e->tags.begin(), e->tags.end(), t.Str()) == e->tags.end())
          e->tags.push_back(t.Str());
      }
    }
    if (const Value* m = e->config->Find("meta")) e->meta = *m;
    if (const Value* en = e->config->Find("enabled")) e->enabled = en->Truthy();
    // depends_on: ref(...) / source(...) calls, recorded as a parse-mode render records them.
    Node holder;
    holder.package_name = package;
    holder.unique_id = e->unique_id;
    holder.original_file_path = pf.file;
    holder.config = DefaultConfig(ResourceType::kModel);
    context::ParseCapture capture;
    if (const yaml::Node* deps = entry.Find("depends_on"); deps && deps->IsSequence()) {
      for (const auto& d : deps->items()) {
        out_.renderer->Evaluate(holder, d.ScalarText(), context::Mode::kParse, &capture, nullptr);
      }
    }
    e->refs = capture.refs;
    e->sources = capture.sources;
    if (e->enabled) m_.exposures[e->unique_id] = std::move(e);
  }

  void AddSources() {
    for (auto& [package, files] : properties_) {
      for (const auto& pf : files) {
        for (const auto& src : pf.sources) {
          for (const auto& t : src.tables)
            AddSource(package, pf, src, t);
        }
      }
    }
  }

  void AddSource(const std::string& package, const PropertiesFile& pf, const SourceSpec& src,
                 const SourceTableSpec& t) {
    auto s = std::make_unique<manifest::Source>();
    s->source_name = src.name;
    s->name = t.name;
    s->package_name = package;
    s->unique_id = "source." + package + "." + src.name + "." + t.name;
    s->identifier = t.identifier.value_or(t.name);
    s->path = pf.file;
    s->original_file_path = pf.file;
    std::string rel = fs::path(pf.file).lexically_relative(*fs::path(pf.file).begin()).string();
    s->fqn = PathFqn(package, rel, src.name);
    s->fqn.push_back(t.name);
    // database and schema may be templates (env_var, var, target), rendered as dbt does.
    s->database =
        src.database ? RenderValueText(*src.database, package, pf.file) : TargetField("database");
    s->schema = src.schema ? RenderValueText(*src.schema, package, pf.file) : src.name;
    s->description = t.description;
    s->source_description = src.description;
    s->loader = src.loader;
    s->source_meta = src.meta;
    for (const auto& c : t.columns)
      s->columns.push_back(c.column);
    // Config, as dbt 1.10+ keeps it: the project's `sources:` tree, then the source's and
    // the table's settings (top-level keys and `config:`); freshness merges key by key.
    s->config = DefaultConfig(ResourceType::kSource);
    for (const auto& level :
         ProjectTreeConfigs(*projects_.at(package), ResourceType::kSource, s->fqn)) {
      MergeConfig(*s->config, *level);
    }
    auto unrendered = std::make_shared<Dict>();
    bool freshness_set = false;
    auto apply = [&](const Dict& layer, bool written) {
      for (const auto& [k, v] : layer.entries()) {
        std::string key = k.Str();
        if (written) unrendered->Set(k, Value::MakeNone());
        if (key == "freshness") {
          freshness_set = true;
          const Value* current = s->config->Find("freshness");
          if (v.IsDict() && current && current->IsDict()) {
            Value merged = Value::MakeDict();
            for (const auto& [ck, cv] : current->AsDict().entries())
              merged.AsDict().Set(ck, cv);
            for (const auto& [nk, nv] : v.AsDict().entries())
              merged.AsDict().Set(nk, nv);
            s->config->Set(k, merged);
          } else {
            s->config->Set(k, v);
          }
          continue;
        }
        Dict one;
        one.Set(k, v);
        MergeConfig(*s->config, one);
      }
    };
    auto top_level = [](const SourceSpecBase& spec) {
      Dict d;
      if (spec.has_freshness) d.Set(Value::String("freshness"), spec.freshness);
      if (spec.loaded_at_field)
        d.Set(Value::String("loaded_at_field"), Value::String(*spec.loaded_at_field));
      return d;
    };
    apply(top_level(src), false);
    apply(*src.config, true);
    apply(top_level(t), false);
    apply(*t.config, true);
    // tags: sorted and unique over the source's, the table's and their configs';
    // meta: the source's, then the table's, over the configs'.
    std::vector<std::string> tags = src.tags;
    tags.insert(tags.end(), t.tags.begin(), t.tags.end());
    if (const Value* v = s->config->Find("tags")) {
      for (const auto& x : v->IsSequence() ? v->Items() : std::vector<Value>{*v})
        tags.push_back(x.Str());
    }
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    s->tags = tags;
    std::vector<Value> tag_values;
    for (const auto& tag : tags)
      tag_values.push_back(Value::String(tag));
    s->config->Set(Value::String("tags"), Value::List(tag_values));
    Value meta = Value::MakeDict();
    auto merge_meta = [&](const Value& m) {
      if (!m.IsDict()) return;
      for (const auto& [k, v] : m.AsDict().entries())
        meta.AsDict().Set(k, v);
    };
    if (const Value* m = s->config->Find("meta")) merge_meta(*m);
    merge_meta(src.meta);
    merge_meta(t.meta);
    s->meta = meta;
    s->config->Set(Value::String("meta"), meta);
    s->freshness = *s->config->Find("freshness");
    if (const Value* f = s->config->Find("loaded_at_field"); f && f->IsString()) {
      s->loaded_at_field = f->AsString();
    }
    if (freshness_set) unrendered->Set(Value::String("freshness"), Value::MakeNone());
    for (const char* key : {"loaded_at_field", "loaded_at_query", "meta", "tags"}) {
      unrendered->Set(Value::String(key), Value::MakeNone());
    }
    for (const auto& [k, v] : unrendered->entries()) {
      const Value* final_value = s->config->Find(k);
      unrendered->Set(k, final_value ? *final_value : Value::MakeNone());
    }
    s->unrendered_config = unrendered;
    if (const Value* e = s->config->Find("enabled")) s->enabled = e->Truthy();
    Value quoting = Value::MakeDict();
    for (const char* key : {"database", "schema", "identifier", "column"}) {
      quoting.AsDict().Set(Value::String(key), Value::MakeNone());
    }
    for (const Value* q : {&src.quoting, &t.quoting}) {
      if (!q->IsDict()) continue;
      for (const auto& [k, v] : q->AsDict().entries()) {
        if (!v.IsNone()) quoting.AsDict().Set(k, v);
      }
    }
    s->quoting = quoting;
    context::RelationParts parts;
    parts.database = s->database;
    parts.schema = s->schema;
    parts.identifier = s->identifier;
    auto quoted = [&](const char* key) {
      const Value* v = quoting.AsDict().Find(key);
      return !v || v->IsNone() || v->Truthy();
    };
    parts.quote_database = quoted("database");
    parts.quote_schema = quoted("schema");
    parts.quote_identifier = quoted("identifier");
    s->relation_name = context::RenderRelation(parts);
    m_.sources[s->unique_id] = std::move(s);
  }

  // selectors.yml beside dbt_project.yml: its entries by name, as written.
  void LoadSelectors() {
    fs::path file = fs::path(out_.settings.root.dir) / "selectors.yml";
    std::error_code ec;
    if (!fs::exists(file, ec)) return;
    yaml::Node root = yaml::ParseFile(file.string());
    const yaml::Node* list = root.Find("selectors");
    if (!list || !list->IsSequence()) {
      throw Error(ErrorKind::kConfig, "selectors.yml must have a `selectors:` list",
                  {file.string(), 1, 1});
    }
    for (const auto& entry : list->items()) {
      const yaml::Node* name = entry.Find("name");
      if (!name || !entry.Find("definition")) {
        throw Error(ErrorKind::kConfig, "a selector needs a `name` and a `definition`",
                    entry.where());
      }
      m_.selectors.AsDict().Set(Value::String(name->ScalarText()), project::ToValue(entry));
    }
  }

  // Where in a node's SQL `call('name'...` is, for errors about it (0:0 when not found:
  // the call may be built by a macro).
  static SourceLocation CallLocation(const Node& n, const std::string& call,
                                     const std::string& name) {
    std::regex re(call + R"(\s*\(\s*['"])" + name + R"(['"])");
    std::smatch m;
    if (!std::regex_search(n.raw_code, m, re)) return {n.original_file_path, 0, 0};
    size_t offset = static_cast<size_t>(m.position(0));
    uint32_t line = 1, column = 1;
    for (size_t i = 0; i < offset; ++i) {
      if (n.raw_code[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return {n.original_file_path, line, column};
  }

  void LinkExposures() {
    for (auto& [id, e] : m_.exposures) {
      std::vector<std::string> deps;
      for (const auto& src : e->sources) {
        const manifest::Source* source = m_.FindSource(src[0], src[1]);
        if (!source) {
          throw Error(ErrorKind::kConfig,
                      "Exposure '" + id + "' (" + e->original_file_path +
                          ") depends on a source named '" + src[0] + "." + src[1] +
                          "' which was not found",
                      {e->original_file_path, 0, 0});
        }
        deps.push_back(source->unique_id);
      }
      for (const auto& ref : e->refs) {
        const Node* target = m_.ResolveRef(e->package_name, ref);
        if (!target) {
          throw Error(ErrorKind::kConfig,
                      "Exposure '" + id + "' (" + e->original_file_path +
                          ") depends on a node named '" + ref.name + "' which was not found",
                      {e->original_file_path, 0, 0});
        }
        deps.push_back(target->unique_id);
      }
      for (const auto& d : deps) {
        if (std::find(e->depends_on_nodes.begin(), e->depends_on_nodes.end(), d) ==
            e->depends_on_nodes.end()) {
          e->depends_on_nodes.push_back(d);
        }
      }
    }
  }

  void Link() {
    LinkExposures();
    for (auto& [id, node] : m_.nodes) {
      // dbt links sources before refs, so sources come first in depends_on.
      std::vector<std::string> deps;
      for (const auto& src : node->sources) {
        const manifest::Source* source = m_.FindSource(src[0], src[1]);
        if (!source) {
          SourceLocation at = CallLocation(*node, "source", src[0]);
          Error e(ErrorKind::kConfig,
                  std::string(node->resource_type == ResourceType::kTest ? "Test" : "Model") +
                      " '" + node->unique_id + "' (" + node->original_file_path +
                      ") depends on a source named '" + src[0] + "." + src[1] +
                      "' which was not found",
                  at, "declare the source in a properties file, or fix the name");
          throw e.WithSourceLine(LineOf(node->raw_code, at.line));
        }
        deps.push_back(source->unique_id);
      }
      for (const auto& ref : node->refs) {
        const Node* target = m_.ResolveRef(node->package_name, ref);
        if (!target) {
          std::string kind = node->resource_type == ResourceType::kTest ? "Test" : "Model";
          SourceLocation at = CallLocation(*node, "ref", ref.name);
          std::string named =
              ref.package ? "'" + *ref.package + "." + ref.name + "'" : "'" + ref.name + "'";
          Error e(ErrorKind::kConfig,
                  kind + " '" + node->unique_id + "' (" + node->original_file_path +
                      ") depends on a node named " + named + " which was not found",
                  at, "check the name in ref(...), or add the model it refers to");
          throw e.WithSourceLine(LineOf(node->raw_code, at.line));
        }
        deps.push_back(target->unique_id);
      }
      std::vector<std::string> unique;
      for (auto& d : deps) {
        if (std::find(unique.begin(), unique.end(), d) == unique.end()) unique.push_back(d);
      }
      node->depends_on_nodes = std::move(unique);
    }
  }

  ParsedProject& out_;
  manifest::Manifest& m_;
  const project::Target& target_ = out_.settings.target;
  std::map<std::string, const project::DbtProject*> projects_;
  std::map<std::string, std::unique_ptr<Node>> pending_;
  std::map<std::string, std::vector<PropertiesFile>> properties_;
  std::map<std::string, jinja::DictPtr> sql_config_;
  std::map<std::string, jinja::DictPtr> patch_config_;
  std::map<std::string, std::string> hook_tags_;
  std::map<std::pair<std::string, std::string>, bool> builtin_generate_;
  mutable ConfigTreeCache trees_;
  // Where the config() calls dbt records as written differ from those it merges (tests).
  std::map<std::string, jinja::DictPtr> unrendered_sql_;
  std::map<std::string, jinja::DictPtr>
      unrendered_patch_;  // test id -> config as written  // operation id -> on-run-start/end
};

}  // namespace

std::unique_ptr<ParsedProject> ParseProject(ParseSettings settings) {
  auto out = std::make_unique<ParsedProject>();
  out->settings = std::move(settings);
  Parser(*out).Run();
  return out;
}

}  // namespace lakedev::parse
