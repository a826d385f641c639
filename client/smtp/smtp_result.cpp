#include "client/smtp/smtp_result.hpp"

#include <algorithm>

namespace mailsim::client::smtp {

bool SmtpBatchResult::ok() const {
  return !failure && std::none_of(messages.begin(), messages.end(), [](const SendOutcome& m) { return m.failure; });
}

}  // namespace mailsim::client::smtp
