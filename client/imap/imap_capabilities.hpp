#pragma once
// What the server offers, from CAPABILITY data or a [CAPABILITY] code.
// Names compare case-insensitively (RFC 3501 section 7.2.1).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/sasl/mechanism.hpp"

namespace mailsim::client::imap {

class Capabilities {
 public:
  Capabilities() = default;
  explicit Capabilities(std::vector<std::string> names) : names_(std::move(names)) {}

  bool known() const { return !names_.empty(); }
  bool has(std::string_view name) const;
  // AUTH=<mechanism> is listed.
  bool offers(sasl::Mechanism mechanism) const;
  // APPENDLIMIT=<n> (RFC 7889), when the server states a limit.
  std::optional<std::uint64_t> append_limit() const;
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
};

}  // namespace mailsim::client::imap
