#pragma once
// One open connection of a mock server as the admin API lists it.
#include <string>

namespace mailsim::mock {

struct LiveSession {
  std::string id;     // "smtp-3", as in transcripts and captured messages
  std::string peer;   // "127.0.0.1:51234"
  std::string state;  // protocol-specific: "greeted", "authenticated", "selected" ...
  std::string user;   // authenticated user, "" before authentication
  bool tls = false;
};

}  // namespace mailsim::mock
