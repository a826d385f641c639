#include "oauthmock/token_check.hpp"

namespace mailsim::oauth {

std::string_view to_string(TokenStatus status) {
  switch (status) {
    case TokenStatus::valid:
      return "valid";
    case TokenStatus::expired:
      return "expired";
    case TokenStatus::revoked:
      return "revoked";
    case TokenStatus::unknown:
      return "unknown";
    case TokenStatus::wrong_user:
      return "wrong_user";
    case TokenStatus::insufficient_scope:
      return "insufficient_scope";
  }
  return "unknown";
}

}  // namespace mailsim::oauth
