#pragma once
// A last guard before anything leaves the connector: every known secret
// (passwords, access tokens, client secrets), raw or base64, is replaced by
// "<redacted>" in transcripts and failure texts. The clients already redact
// what they log; this also covers a server that echoes a secret back.
#include <string>
#include <string_view>
#include <vector>

#include "client/connection/connection_config.hpp"
#include "client/reason.hpp"

namespace mailsim::client {

class SecretScrubber {
 public:
  SecretScrubber() = default;
  // The passwords and client secrets of the connection file.
  explicit SecretScrubber(const ConnectionConfig& config);

  void add(std::string_view secret);  // empty secrets are ignored
  std::string scrub(std::string text) const;
  void scrub(std::vector<std::string>& lines) const;
  void scrub(Failure& failure) const;

 private:
  std::vector<std::string> needles_;  // longest first, so no secret is half-replaced
};

}  // namespace mailsim::client
