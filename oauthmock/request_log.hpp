#pragma once
// Every request the server answered, secrets replaced, for tests and reports
// ("OAuth grants seen").
#include <cstddef>
#include <deque>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "oauthmock/oauth_exchange.hpp"

namespace mailsim::oauth {

inline constexpr const char* kRedacted = "[redacted]";

struct RecordedRequest {
  Endpoint endpoint = Endpoint::token;
  Clock::time_point at;
  std::string client_id;    // as presented (Basic user name or client_id), checked or not
  std::string client_auth;  // client_secret_basic, client_secret_post, none, or "" without a client
  std::string grant_type;
  std::string scope;
  Params params;  // all of them, extra ones too, secrets replaced by kRedacted
  int status = 0;
  std::string error;  // the OAuth error code answered, "" otherwise
};

// The parameters with the values of secret ones (client_secret, code,
// code_verifier, tokens, passwords, assertions) replaced by kRedacted.
Params redact_secrets(const Params& params);

class RequestLog {
 public:
  explicit RequestLog(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}
  // Past the capacity the oldest record is dropped.
  void add(RecordedRequest record);
  std::vector<RecordedRequest> list() const { return {records_.begin(), records_.end()}; }
  void clear() { records_.clear(); }

 private:
  std::size_t capacity_;
  std::deque<RecordedRequest> records_;
};

}  // namespace mailsim::oauth
