// Builds Nodes from libfyaml's event stream. libfyaml does the YAML syntax; the typing
// (PyYAML SafeLoader), anchors/aliases, merge keys (`<<`) and the single-document rule
// are ours, because they are where PyYAML and a YAML 1.2 parser disagree.
#include <libfyaml.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "common/paths.hpp"
#include "yaml/parse.hpp"

namespace lakedev::yaml {
namespace {

struct ParserDeleter {
  void operator()(fy_parser* p) const { fy_parser_destroy(p); }
};
struct DiagDeleter {
  void operator()(fy_diag* d) const { fy_diag_destroy(d); }
};

std::string TokenText(fy_token* token) {
  if (!token) return {};
  size_t len = 0;
  const char* text = fy_token_get_text(token, &len);
  return text ? std::string(text, len) : std::string();
}

// A collection under construction.
struct Frame {
  Node node;
  std::string anchor;
  std::optional<Node> key;                    // mappings: key waiting for its value
  bool key_is_merge = false;                  // the pending key is a plain `<<`
  std::vector<std::pair<Node, Node>> merged;  // pairs contributed by `<<`
  std::set<uint64_t> merged_ids;              // identities of their keys
  std::vector<std::pair<Node, Node>> own;     // the mapping's own pairs
};

class Builder {
 public:
  Builder(std::string_view text, const std::string& file)
      : text_(text), file_(file), shared_file_(std::make_shared<const std::string>(file)) {}

  Node Run() {
    fy_diag_cfg diag_cfg;
    fy_diag_cfg_default(&diag_cfg);
    diag_cfg.fp = nullptr;
    diag_cfg.colorize = false;
    diag_.reset(fy_diag_create(&diag_cfg));
    fy_diag_set_collect_errors(diag_.get(), true);

    fy_parse_cfg cfg{};
    // PyYAML accepts a flow collection's closing bracket at any indentation (a `]` under
    // its key is common in dbt projects); libfyaml does with the sloppy flag.
    cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_1 |
                                                FYPCF_SLOPPY_FLOW_INDENTATION);
    cfg.diag = diag_.get();
    parser_.reset(fy_parser_create(&cfg));
    if (!parser_ || fy_parser_set_string(parser_.get(), text_.data(), text_.size()) != 0) {
      throw Error(ErrorKind::kInternal, "could not start the YAML parser", {file_});
    }

    std::optional<Node> root;
    int documents = 0;
    while (true) {
      // Owns the event, so a throw while handling it does not leak it.
      std::unique_ptr<fy_event, EventFree> event(Next(), EventFree{parser_.get()});
      if (!event || event->type == FYET_STREAM_END) break;
      if (event->type == FYET_DOCUMENT_START) {
        if (++documents > 1) {
          throw Located("expected a single document in the stream, but found another document",
                        Mark(fy_event_start_mark(event.get())),
                        "split the documents into separate files, or remove the '---' line");
        }
      } else if (std::optional<Node> done = Handle(event.get())) {
        root = std::move(done);
      }
    }
    ThrowIfParseError();
    return root ? std::move(*root) : Node::Null({file_, 1, 1});
  }

 private:
  struct EventFree {
    fy_parser* parser;
    void operator()(fy_event* e) const { fy_parser_event_free(parser, e); }
  };

  fy_event* Next() {
    fy_event* event = fy_parser_parse(parser_.get());
    if (!event) ThrowIfParseError();
    return event;
  }

  // A position without the file name (nodes get theirs through SetFile, errors through
  // Located), so building a node allocates no string for it.
  SourceLocation Mark(const fy_mark* mark) const {
    if (!mark) return {};
    return {{}, static_cast<uint32_t>(mark->line + 1), static_cast<uint32_t>(mark->column + 1)};
  }

  // Where PyYAML says a scalar starts: at its anchor or tag if it has one, at the opening
  // quote, or at the `|`/`>` of a block scalar. libfyaml marks the content itself.
  SourceLocation ScalarMark(const fy_event_scalar_data& d) const {
    if (d.anchor) {  // libfyaml's anchor token starts after the '&'
      SourceLocation at = Mark(fy_token_start_mark(d.anchor));
      if (at.column > 1) --at.column;
      return at;
    }
    if (d.tag) return Mark(fy_token_start_mark(d.tag));
    const fy_mark* mark = fy_token_start_mark(d.value);
    if (!mark) return {file_};
    SourceLocation at = Mark(mark);
    switch (fy_token_scalar_style(d.value)) {
      case FYSS_SINGLE_QUOTED:
      case FYSS_DOUBLE_QUOTED:
        if (at.column > 1) --at.column;
        break;
      case FYSS_LITERAL:
      case FYSS_FOLDED: {
        size_t indicator = text_.find_last_of("|>", mark->input_pos);
        if (indicator != std::string_view::npos) {
          size_t line_start = text_.rfind('\n', indicator);
          line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
          // Count back from the content's known line, not forward from the file start.
          at.line -= static_cast<uint32_t>(
              std::count(text_.begin() + indicator, text_.begin() + mark->input_pos, '\n'));
          at.column = static_cast<uint32_t>(indicator - line_start + 1);
        }
        break;
      }
      default:
        break;
    }
    return at;
  }

  Error Located(std::string message, SourceLocation at, std::string fix = {}) const {
    at.file = file_;
    Error e(ErrorKind::kYaml, std::move(message), at, std::move(fix));
    e.WithSourceLine(LineOf(text_, at.line));
    return e;
  }

  void ThrowIfParseError() {
    void* iter = nullptr;
    while (fy_diag_error* err = fy_diag_errors_iterate(diag_.get(), &iter)) {
      if (err->type != FYET_ERROR) continue;
      SourceLocation at{file_, static_cast<uint32_t>(err->line + 1),
                        static_cast<uint32_t>(err->column + 1)};
      throw Located(
          std::string("YAML syntax error: ") + (err->msg ? err->msg : "invalid YAML"), at,
          "check the indentation and the ':' after each key on this line or the one before");
    }
    if (fy_parser_get_stream_error(parser_.get())) {
      throw Error(ErrorKind::kYaml, "YAML syntax error", {file_});
    }
  }

  // Returns the root node when the event completes it.
  std::optional<Node> Handle(fy_event* event) {
    switch (event->type) {
      case FYET_SCALAR: {
        const auto& d = event->scalar;
        SourceLocation at = ScalarMark(d);
        Node node = Scalar(d, at);
        node.SetFile(shared_file_);
        node.set_identity(Identity(TokenText(d.value)));
        bool merge_key =
            fy_token_scalar_style(d.value) == FYSS_PLAIN && !d.tag && TokenText(d.value) == "<<";
        if (d.anchor) anchors_[TokenText(d.anchor)] = node;
        return Add(std::move(node), merge_key);
      }
      case FYET_ALIAS: {
        std::string name = TokenText(event->alias.anchor);
        auto it = anchors_.find(name);
        if (it == anchors_.end()) {
          throw Located("found undefined alias '" + name + "'", Mark(fy_event_start_mark(event)),
                        "define the anchor '&" + name + "' before this alias");
        }
        return Add(it->second, false);
      }
      case FYET_SEQUENCE_START:
      case FYET_MAPPING_START: {
        bool is_map = event->type == FYET_MAPPING_START;
        fy_token* anchor = is_map ? event->mapping_start.anchor : event->sequence_start.anchor;
        SourceLocation at = Mark(fy_event_start_mark(event));
        Frame frame;
        frame.node = is_map ? Node::Mapping(at) : Node::Sequence(at);
        frame.node.SetFile(shared_file_);
        frame.anchor = TokenText(anchor);
        stack_.push_back(std::move(frame));
        return std::nullopt;
      }
      case FYET_SEQUENCE_END:
      case FYET_MAPPING_END: {
        Frame frame = std::move(stack_.back());
        stack_.pop_back();
        if (frame.node.IsMapping()) {
          // PyYAML's flatten_mapping: merged pairs first, then the mapping's own pairs,
          // later keys replacing earlier values in place.
          for (auto& [k, v] : frame.merged)
            frame.node.Set(std::move(k), std::move(v));
          for (auto& [k, v] : frame.own)
            frame.node.Set(std::move(k), std::move(v));
        }
        if (!frame.anchor.empty()) anchors_[frame.anchor] = frame.node;
        return Add(std::move(frame.node), false);
      }
      default:
        return std::nullopt;
    }
  }

  // PyYAML 6.0.4 drops a merged pair whose key *object* was merged before (id() of the
  // key's text). Distinct scalars are distinct objects, except that CPython shares one
  // object per 0- or 1-character Latin-1 string. So two keys are "the same" when they
  // are copies of one scalar (an alias) or both are that same short string.
  uint64_t Identity(const std::string& text) {
    constexpr uint64_t kShared = uint64_t{1} << 63;
    if (text.empty()) return kShared | 0x100;
    if (text.size() == 1 && static_cast<unsigned char>(text[0]) < 0x80) {
      return kShared | static_cast<unsigned char>(text[0]);
    }
    if (text.size() == 2 && (static_cast<unsigned char>(text[0]) & 0xfe) == 0xc2) {
      // U+0080..U+00FF: two UTF-8 bytes, still one Latin-1 character.
      return kShared | (((text[0] & 0x03) << 6) | (text[1] & 0x3f));
    }
    return ++next_identity_;
  }

  Node Scalar(const fy_event_scalar_data& d, const SourceLocation& at) {
    std::string text = TokenText(d.value);
    std::string tag = TokenText(d.tag);
    if (!tag.empty()) return Tagged(tag, text, at);
    if (fy_token_scalar_style(d.value) != FYSS_PLAIN) return Node::String(std::move(text), at);
    try {
      return ResolvePlainScalar(text, at);
    } catch (const Error& e) {  // add the file name and the source line
      throw Located(e.message(), e.where(), e.fix());
    }
  }

  Node Tagged(const std::string& tag, const std::string& text, const SourceLocation& at) {
    std::string name = tag;
    for (std::string_view prefix : {"tag:yaml.org,2002:", "!!"}) {
      if (name.starts_with(prefix)) name = name.substr(prefix.size());
    }
    if (name == "str" || name == "!") return Node::String(text, at);
    Node resolved = ResolvePlainScalar(text, at);
    auto want = name == "int"     ? NodeKind::kInt
                : name == "float" ? NodeKind::kFloat
                : name == "bool"  ? NodeKind::kBool
                : name == "null"  ? NodeKind::kNull
                                  : NodeKind::kSequence;  // "no such constructor"
    if (resolved.kind() == want) return resolved;
    if (want == NodeKind::kFloat && resolved.kind() == NodeKind::kInt) {
      return Node::Float(static_cast<double>(resolved.AsInt()), at);
    }
    if (want == NodeKind::kSequence) {
      throw Located("could not determine a constructor for the tag '" + tag + "'", at,
                    "dbt reads YAML with PyYAML's safe loader, which only knows the standard tags");
    }
    throw Located("the value '" + text + "' is not a valid !!" + name, at);
  }

  std::optional<Node> Add(Node node, bool is_merge_key) {
    if (stack_.empty()) return node;
    Frame& top = stack_.back();
    if (top.node.IsSequence()) {
      top.node.Append(std::move(node));
    } else if (!top.key) {
      if (node.IsMapping() || node.IsSequence()) {
        throw Located("found unhashable key (a " + std::string(node.TypeName()) + ")",
                      node.where());
      }
      top.key = std::move(node);
      top.key_is_merge = is_merge_key;
    } else if (top.key_is_merge) {
      MergeInto(top, node);
      top.key.reset();
    } else {
      top.own.emplace_back(std::move(*top.key), std::move(node));
      top.key.reset();
    }
    return std::nullopt;
  }

  // PyYAML 6.0.4's flatten_mapping: merged pairs in order (a list of mappings in list
  // order), skipping keys whose identity was merged before; they go before the
  // mapping's own pairs, and the dict keeps a key's first position and last value.
  void MergeInto(Frame& frame, const Node& value) {
    auto take = [&](const Node& mapping) {
      for (const auto& entry : mapping.entries()) {
        if (frame.merged_ids.insert(entry.first.identity()).second) frame.merged.push_back(entry);
      }
    };
    if (value.IsMapping()) {
      take(value);
      return;
    }
    if (value.IsSequence()) {
      for (const Node& item : value.items()) {
        if (!item.IsMapping()) {
          throw Located("expected a mapping for merging, but found " + std::string(item.TypeName()),
                        item.where());
        }
        take(item);
      }
      return;
    }
    throw Located("expected a mapping or list of mappings for merging, but found " +
                      std::string(value.TypeName()),
                  value.where());
  }

  std::string_view text_;
  std::string file_;
  std::shared_ptr<const std::string> shared_file_;
  std::unique_ptr<fy_diag, DiagDeleter> diag_;
  std::unique_ptr<fy_parser, ParserDeleter> parser_;
  std::vector<Frame> stack_;
  std::map<std::string, Node> anchors_;
  uint64_t next_identity_ = 0;
};

}  // namespace

Node Parse(std::string_view text, const std::string& file_name) {
  return Builder(text, file_name).Run();
}

Node ParseFile(const std::string& path) {
  return Parse(ReadFile(path), path);
}

}  // namespace lakedev::yaml
