#pragma once
// Which ESMTP extensions a message needs before it may be sent.
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::client::smtp {

struct MessageNeeds {
  // Any byte >= 0x80 in the message: BODY=8BITMIME (RFC 6152).
  bool eight_bit = false;
  // Non-ASCII in an envelope address or in the header section (UTF-8
  // headers, RFC 6532): SMTPUTF8 (RFC 6531).
  bool smtputf8 = false;
};

MessageNeeds message_needs(std::string_view from, const std::vector<std::string>& recipients,
                           std::string_view message);

}  // namespace mailsim::client::smtp
