#include "client/connector/secret_scrubber.hpp"

#include <algorithm>

#include "client/connection/connection_print.hpp"
#include "common/base64.hpp"

namespace mailsim::client {

SecretScrubber::SecretScrubber(const ConnectionConfig& config) {
  add(config.outbound.password);
  add(config.inbound.password);
  if (config.outbound.oauth2) add(config.outbound.oauth2->client_secret);
  if (config.inbound.oauth2) add(config.inbound.oauth2->client_secret);
}

void SecretScrubber::add(std::string_view secret) {
  if (secret.empty()) return;
  for (std::string needle : {std::string(secret), base64_encode(secret)}) {
    if (std::find(needles_.begin(), needles_.end(), needle) == needles_.end()) needles_.push_back(std::move(needle));
  }
  std::stable_sort(needles_.begin(), needles_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string SecretScrubber::scrub(std::string text) const {
  for (const auto& needle : needles_) {
    for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + kRedacted.size()))
      text.replace(at, needle.size(), kRedacted);
  }
  return text;
}

void SecretScrubber::scrub(std::vector<std::string>& lines) const {
  for (auto& line : lines) line = scrub(std::move(line));
}

// The hint is our own fixed wording: scrubbing it would only garble it (a
// one-letter password) and show which letters the password has.
void SecretScrubber::scrub(Failure& failure) const {
  failure.server_words = scrub(std::move(failure.server_words));
  failure.detail = scrub(std::move(failure.detail));
  failure.sasl_error = scrub(std::move(failure.sasl_error));
}

}  // namespace mailsim::client
