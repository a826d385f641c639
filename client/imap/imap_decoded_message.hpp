#pragma once
// A fetched message decoded by the MIME parser (common/mime): the raw bytes
// and the entity tree whose offsets point into them, kept together.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/mime/content.hpp"
#include "common/mime/message_parser.hpp"

namespace mailsim::client::imap {

class DecodedMessage {
 public:
  explicit DecodedMessage(std::string raw);

  const std::string& raw() const { return raw_; }
  const ::mailsim::mime::ParsedMessage& parsed() const { return parsed_; }
  // Attachments with UTF-8 file names (RFC 2231 / 2047 decoded). The
  // entries point into this object: use them while it lives, unmoved.
  std::vector<::mailsim::mime::Attachment> attachments() const;
  // The message's text/plain (or "html") body as UTF-8.
  std::optional<::mailsim::mime::TextBody> text(std::string_view subtype = "plain") const;
  // One entity's body with its transfer encoding (base64, QP) undone.
  std::string decoded_body(const ::mailsim::mime::Entity& entity) const;

 private:
  std::string raw_;
  ::mailsim::mime::ParsedMessage parsed_;
};

}  // namespace mailsim::client::imap
