#pragma once
// Reads one map of a connection file: reports duplicate and unknown keys
// (with a did-you-mean), wrong types and malformed values, expands ${VAR}
// references, and records where each field was written. Every reader returns
// nullopt for a field that is absent, empty or already reported.
//
// Messages quote values only as written in the file (never an expanded
// ${VAR}), and text() quotes nothing: it is what reads secrets.
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "client/connection/connection_config.hpp"
#include "client/connection/diagnostic_sink.hpp"
#include "client/connection/environment.hpp"
#include "client/connection/field_positions.hpp"
#include "client/connection/value_parsers.hpp"

namespace mailsim::client {

struct ReadContext {
  DiagnosticSink& sink;
  FieldPositions& positions;
  const Environment& env;
};

// yaml-cpp counts from 0; people and editors from 1.
Position position_of(const YAML::Mark& mark);

class YamlSection {
 public:
  // node is the value written at path (key_at: where its key is). Reports and
  // returns nullopt when node is not a map. An empty `known` accepts any key
  // (parameter maps).
  static std::optional<YamlSection> open(const YAML::Node& node, std::string path, Position key_at,
                                         std::span<const std::string_view> known, ReadContext& ctx);

  const std::string& path() const { return path_; }
  std::string field(std::string_view key) const;  // "outbound" + "port" -> "outbound.port"
  bool has(std::string_view key) const;           // written, even with an empty value

  std::optional<std::string> text(std::string_view key);
  std::optional<std::uint16_t> port(std::string_view key);
  std::optional<bool> boolean(std::string_view key);
  std::optional<std::chrono::milliseconds> duration(std::string_view key);
  std::optional<std::string> tls_version(std::string_view key);
  // One of `allowed` (names as parse accepts them).
  template <class E>
  std::optional<E> choice(std::string_view key, std::optional<E> (*parse)(std::string_view),
                          std::span<const std::string_view> allowed);
  // Space-separated words, or a list of them ("a b" and [a, b] are the same).
  std::optional<std::vector<std::string>> words(std::string_view key);
  // A map of names to text, in the file's order.
  std::optional<ParameterList> parameters(std::string_view key);
  std::optional<YamlSection> section(std::string_view key, std::span<const std::string_view> known);
  // A non-negative whole number (counts, limits).
  std::optional<std::uint64_t> count(std::string_view key);
  // A size in bytes: "1000", "64KiB", "10MiB".
  std::optional<std::uint64_t> size(std::string_view key);
  // One text or a list of texts (items may hold spaces).
  std::optional<std::vector<std::string>> texts(std::string_view key);
  // The value as written, for lists and maps the caller reads itself;
  // nullptr when absent. at receives where the value is.
  const YAML::Node* node(std::string_view key, Position* at = nullptr);
  // Keys in the file's order (for maps whose keys are names, like users).
  std::vector<std::string> keys() const;
  Position key_position(std::string_view key) const;
  ReadContext& context() { return *ctx_; }

 private:
  struct Entry {
    std::string key;
    Position key_at;
    YAML::Node value;
  };
  struct Scalar {
    std::string raw;    // as written
    std::string value;  // ${VAR} expanded
    Position at;
  };

  YamlSection(std::string path, ReadContext& ctx) : path_(std::move(path)), ctx_(&ctx) {}
  const Entry* find(std::string_view key) const;
  // The entry's scalar, expanded; reports wrong types and bad references.
  std::optional<Scalar> scalar(std::string_view key, std::string_view expected);
  // Runs a value parser, reporting its error (or a neutral one when the
  // text came from the environment).
  template <class T>
  std::optional<T> typed(std::string_view key, std::string_view expected, Parsed<T> (*parse)(std::string_view));
  std::optional<std::string> expand(const std::string& raw, const std::string& field, Position at);
  void invalid(const std::string& field, Position at, std::string message);

  std::string path_;
  ReadContext* ctx_;
  std::vector<Entry> entries_;
};

std::string one_of_message(std::string_view written, std::span<const std::string_view> allowed);

template <class E>
std::optional<E> YamlSection::choice(std::string_view key, std::optional<E> (*parse)(std::string_view),
                                     std::span<const std::string_view> allowed) {
  auto s = scalar(key, "a name");
  if (!s) return std::nullopt;
  if (auto value = parse(s->value)) {
    ctx_->positions.record(field(key), s->at);
    return value;
  }
  invalid(field(key), s->at, one_of_message(s->raw, allowed));
  return std::nullopt;
}

}  // namespace mailsim::client
