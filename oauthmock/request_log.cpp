#include "oauthmock/request_log.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace mailsim::oauth {
namespace {

constexpr std::array<std::string_view, 12> kSecretParams = {
    "client_secret", "code",     "code_verifier",    "access_token", "refresh_token", "token",
    "id_token",      "password", "client_assertion", "assertion",    "subject_token", "actor_token",
};

}  // namespace

Params redact_secrets(const Params& params) {
  Params out = params;
  for (auto& [name, value] : out) {
    if (std::find(kSecretParams.begin(), kSecretParams.end(), name) != kSecretParams.end()) value = kRedacted;
  }
  return out;
}

void RequestLog::add(RecordedRequest record) {
  if (records_.size() >= capacity_) records_.pop_front();
  records_.push_back(std::move(record));
}

}  // namespace mailsim::oauth
