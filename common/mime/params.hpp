#pragma once
// MIME parameters (RFC 2045 section 5.1) with RFC 2231 continuations.
// `items` keeps them the way Dovecot reports them in BODYSTRUCTURE: names as
// written, continuations merged (name*0, name*1 -> name; with an extended
// segment -> "name*" = "charset'lang'%XX.."), plain ones first in message
// order, merged ones after, sorted by name. `decoded()` is for readers.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::mime {

struct Param {
  std::string name;
  std::string value;
};

struct ParamList {
  std::vector<Param> items;

  // Value of the first parameter with this name (case-insensitive), as stored.
  const std::string* find(std::string_view name) const;
  // The value decoded to UTF-8: "name*" (RFC 2231 charset'lang'%XX) wins
  // over "name"; a plain value carrying RFC 2047 encoded-words (a common
  // mistake of real mailers) is decoded too. nullopt when absent.
  std::optional<std::string> decoded(std::string_view name) const;
};

// Parses "; a=b; c*0=..." starting at `text` (the part after the type or
// disposition token). Never fails: broken parameters are skipped.
ParamList parse_params(std::string_view text);

}  // namespace mailsim::mime
