#pragma once
// IMAP ENVELOPE data (RFC 3501 section 7.4.2) from a header: raw unfolded
// values (encoded-words not decoded), nullopt where IMAP says NIL, exactly
// as Dovecot sends them: the subject and display names have their blank
// runs collapsed to one space and trimmed; date and ids are kept as
// written. The IMAP server only does the quoting.
#include <optional>
#include <string>
#include <vector>

#include "common/mime/address.hpp"
#include "common/mime/header_fields.hpp"

namespace mailsim::mime {

struct Envelope {
  std::optional<std::string> date, subject;
  // Empty list = NIL. sender and reply_to already default to from.
  std::vector<Address> from, sender, reply_to, to, cc, bcc;
  std::optional<std::string> in_reply_to, message_id;
  friend bool operator==(const Envelope&, const Envelope&) = default;
};

// The last field of each name counts, as in Dovecot.
Envelope envelope_of(const std::vector<HeaderField>& headers, std::size_t max_addresses = 10'000);

}  // namespace mailsim::mime
