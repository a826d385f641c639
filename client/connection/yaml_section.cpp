#include "client/connection/yaml_section.hpp"

#include <algorithm>

#include "client/connection/did_you_mean.hpp"

namespace mailsim::client {

namespace {

std::string_view describe_type(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "a single value";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: return "nothing";
  }
  return "nothing";
}

std::string where_in(const std::string& path) { return path.empty() ? "at the top level" : "in " + path; }

}  // namespace

Position position_of(const YAML::Mark& mark) {
  if (mark.line < 0 || mark.column < 0) return Position{};
  return Position{mark.line + 1, mark.column + 1};
}

std::string one_of_message(std::string_view written, std::span<const std::string_view> allowed) {
  std::string message = quote_text(written) + " is not one of ";
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    if (i > 0) message += ", ";
    message += allowed[i];
  }
  if (auto near = closest_match(written, allowed)) message += "; did you mean '" + std::string(*near) + "'?";
  return message;
}

std::optional<YamlSection> YamlSection::open(const YAML::Node& node, std::string path, Position key_at,
                                             std::span<const std::string_view> known, ReadContext& ctx) {
  if (!node.IsMap()) {
    const Position at = node.IsNull() ? key_at : position_of(node.Mark());
    ctx.sink.error(at, path, "expected a map, found " + std::string(describe_type(node)));
    ctx.positions.record_invalid(path, at);
    return std::nullopt;
  }
  YamlSection section(std::move(path), ctx);
  ctx.positions.record(section.path_, key_at);
  for (auto it = node.begin(); it != node.end(); ++it) {
    const Position at = position_of(it->first.Mark());
    if (!it->first.IsScalar()) {
      ctx.sink.error(at, section.path_, "a key " + where_in(section.path_) + " must be a plain name");
      continue;
    }
    const std::string key = it->first.Scalar();
    if (const Entry* first = section.find(key)) {
      ctx.sink.error(at, section.field(key),
                     "duplicate key " + quote_text(key) + " " + where_in(section.path_) + " (first written on line " +
                         std::to_string(first->key_at.line) + ")");
      continue;
    }
    if (!known.empty() && std::find(known.begin(), known.end(), key) == known.end()) {
      std::string message = "unknown key " + quote_text(key) + " " + where_in(section.path_);
      if (auto near = closest_match(key, known)) message += "; did you mean '" + std::string(*near) + "'?";
      ctx.sink.error(at, section.field(key), std::move(message));
      continue;
    }
    section.entries_.push_back(Entry{key, at, it->second});
  }
  return section;
}

std::string YamlSection::field(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const YamlSection::Entry* YamlSection::find(std::string_view key) const {
  for (const Entry& e : entries_) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

bool YamlSection::has(std::string_view key) const { return find(key) != nullptr; }

void YamlSection::invalid(const std::string& field, Position at, std::string message) {
  ctx_->sink.error(at, field, std::move(message));
  ctx_->positions.record_invalid(field, at);
}

std::optional<std::string> YamlSection::expand(const std::string& raw, const std::string& field, Position at) {
  Expansion expanded = expand_references(raw, ctx_->env);
  if (expanded.syntax_error) {
    invalid(field, at, *expanded.syntax_error);
    return std::nullopt;
  }
  if (!expanded.missing.empty()) {
    for (const std::string& name : expanded.missing) {
      invalid(field, at, "environment variable " + name + " is not set");
    }
    return std::nullopt;
  }
  return std::move(expanded.value);
}

std::optional<YamlSection::Scalar> YamlSection::scalar(std::string_view key, std::string_view expected) {
  const Entry* e = find(key);
  if (e == nullptr) return std::nullopt;
  const std::string name = field(key);
  if (e->value.IsNull()) {
    ctx_->positions.record(name, e->key_at);
    return std::nullopt;
  }
  const Position at = position_of(e->value.Mark());
  if (!e->value.IsScalar()) {
    invalid(name, at, "expected " + std::string(expected) + ", found " + std::string(describe_type(e->value)));
    return std::nullopt;
  }
  auto value = expand(e->value.Scalar(), name, at);
  if (!value) return std::nullopt;
  return Scalar{e->value.Scalar(), std::move(*value), at};
}

template <class T>
std::optional<T> YamlSection::typed(std::string_view key, std::string_view expected,
                                    Parsed<T> (*parse)(std::string_view)) {
  auto s = scalar(key, expected);
  if (!s) return std::nullopt;
  Parsed<T> parsed = parse(s->value);
  if (!parsed.value) {
    // An expanded value may be someone's secret put in the wrong variable.
    invalid(field(key), s->at,
            s->raw == s->value ? parsed.error
                               : quote_text(s->raw) + " (from the environment) is not " + std::string(expected));
    return std::nullopt;
  }
  ctx_->positions.record(field(key), s->at);
  return std::move(parsed.value);
}

std::optional<std::string> YamlSection::text(std::string_view key) {
  auto s = scalar(key, "text");
  if (!s) return std::nullopt;
  ctx_->positions.record(field(key), s->at, s->raw != s->value);
  return std::move(s->value);
}

std::optional<std::uint16_t> YamlSection::port(std::string_view key) {
  return typed<std::uint16_t>(key, "a port number (1-65535)", &parse_port);
}

std::optional<bool> YamlSection::boolean(std::string_view key) {
  return typed<bool>(key, "a boolean (true or false)", &parse_bool);
}

std::optional<std::chrono::milliseconds> YamlSection::duration(std::string_view key) {
  return typed<std::chrono::milliseconds>(key, "a duration (e.g. 10s, 500ms, 2m)", &parse_duration);
}

std::optional<std::string> YamlSection::tls_version(std::string_view key) {
  return typed<std::string>(key, "a TLS version (1.0, 1.1, 1.2, 1.3)", &parse_tls_min_version);
}

std::optional<std::vector<std::string>> YamlSection::words(std::string_view key) {
  const Entry* e = find(key);
  if (e == nullptr) return std::nullopt;
  const std::string name = field(key);
  if (!e->value.IsSequence()) {
    auto s = scalar(key, "text or a list");
    if (!s) return std::nullopt;
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < s->value.size()) {
      const std::size_t start = s->value.find_first_not_of(" \t", i);
      if (start == std::string::npos) break;
      const std::size_t end = std::min(s->value.find_first_of(" \t", start), s->value.size());
      out.push_back(s->value.substr(start, end - start));
      i = end;
    }
    ctx_->positions.record(name, s->at);
    return out;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (const YAML::Node& item : e->value) {
    const Position at = position_of(item.Mark());
    if (!item.IsScalar()) {
      invalid(name, at, "expected a word, found " + std::string(describe_type(item)));
      ok = false;
      continue;
    }
    auto value = expand(item.Scalar(), name, at);
    if (!value) {
      ok = false;
      continue;
    }
    if (value->find_first_of(" \t") != std::string::npos) {
      invalid(name, at, "a list item holds a space; write each scope as its own item");
      ok = false;
      continue;
    }
    if (!value->empty()) out.push_back(std::move(*value));
  }
  if (!ok) return std::nullopt;
  ctx_->positions.record(name, position_of(e->value.Mark()));
  return out;
}

std::optional<ParameterList> YamlSection::parameters(std::string_view key) {
  const Entry* e = find(key);
  if (e == nullptr) return std::nullopt;
  auto map = section(key, {});
  if (!map) return std::nullopt;
  ParameterList out;
  bool ok = true;
  for (const Entry& p : map->entries_) {
    if (p.value.IsNull()) {
      out.emplace_back(p.key, "");
      continue;
    }
    auto value = map->text(p.key);
    if (!value) {
      ok = false;
      continue;
    }
    out.emplace_back(p.key, std::move(*value));
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<YamlSection> YamlSection::section(std::string_view key, std::span<const std::string_view> known) {
  const Entry* e = find(key);
  if (e == nullptr) return std::nullopt;
  if (e->value.IsNull()) {
    ctx_->positions.record(field(key), e->key_at);
    return std::nullopt;
  }
  return open(e->value, field(key), e->key_at, known, *ctx_);
}

std::optional<std::uint64_t> YamlSection::count(std::string_view key) {
  return typed<std::uint64_t>(key, "a whole number", &parse_count);
}

std::optional<std::uint64_t> YamlSection::size(std::string_view key) {
  return typed<std::uint64_t>(key, "a size (e.g. 1000, 64KiB, 10MiB)", &parse_size);
}

std::optional<std::vector<std::string>> YamlSection::texts(std::string_view key) {
  const Entry* e = find(key);
  if (e == nullptr) return std::nullopt;
  if (!e->value.IsSequence()) {
    auto one = text(key);
    if (!one) return std::nullopt;
    return std::vector<std::string>{std::move(*one)};
  }
  const std::string name = field(key);
  std::vector<std::string> out;
  bool ok = true;
  for (const YAML::Node& item : e->value) {
    const Position at = position_of(item.Mark());
    if (!item.IsScalar()) {
      invalid(name, at, "expected text, found " + std::string(describe_type(item)));
      ok = false;
      continue;
    }
    auto value = expand(item.Scalar(), name, at);
    if (!value) {
      ok = false;
      continue;
    }
    out.push_back(std::move(*value));
  }
  if (!ok) return std::nullopt;
  ctx_->positions.record(name, position_of(e->value.Mark()));
  return out;
}

const YAML::Node* YamlSection::node(std::string_view key, Position* at) {
  const Entry* e = find(key);
  if (e == nullptr) return nullptr;
  const Position where = e->value.IsNull() ? e->key_at : position_of(e->value.Mark());
  ctx_->positions.record(field(key), where);
  if (at != nullptr) *at = where;
  return &e->value;
}

std::vector<std::string> YamlSection::keys() const {
  std::vector<std::string> out;
  for (const Entry& e : entries_) out.push_back(e.key);
  return out;
}

Position YamlSection::key_position(std::string_view key) const {
  const Entry* e = find(key);
  return e == nullptr ? Position{} : e->key_at;
}

}  // namespace mailsim::client
