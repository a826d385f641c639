#pragma once
// The OAuth token an IMAP session logged in with, kept (in memory only) so
// the session can ask again later whether it still holds: Exchange Online
// ends a session whose token has expired, Gmail lets it run on.
#include <optional>
#include <string>
#include <string_view>

#include "common/sasl/sasl_server.hpp"

namespace mailsim::mock {

// What an IMAP session does once its login token is no longer valid.
enum class ExpiredTokenPolicy {
  keep,  // Gmail-like: the session works on until the client reconnects
  bye,   // Exchange-Online-like: "* BYE Session invalidated - AccessTokenExpired"
};
std::string_view to_string(ExpiredTokenPolicy policy);
std::optional<ExpiredTokenPolicy> parse_expired_token_policy(std::string_view text);  // "keep" | "bye"

// A Verifier in front of the session's own that remembers the last token it
// accepted, so the session learns which token authenticated it.
class TokenRecorder final : public sasl::Verifier {
 public:
  explicit TokenRecorder(sasl::Verifier& inner) : inner_(inner) {}

  bool check_password(std::string_view user, std::string_view password) override;
  std::optional<std::string> password_of(std::string_view user) override;
  sasl::TokenVerdict check_token(std::string_view user, std::string_view token) override;

  // The accepted user and token, then forgotten here; nullopt when the
  // login was not by token.
  struct Accepted {
    std::string user;
    std::string token;
  };
  std::optional<Accepted> take_accepted();

 private:
  sasl::Verifier& inner_;
  std::optional<Accepted> accepted_;
};

}  // namespace mailsim::mock
