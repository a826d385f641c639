#include "client/imap/imap_decoded_message.hpp"

#include "common/mime/transfer_decoding.hpp"

namespace mailsim::client::imap {

DecodedMessage::DecodedMessage(std::string raw) : raw_(std::move(raw)), parsed_(mime::parse_message(raw_)) {}

std::vector<mime::Attachment> DecodedMessage::attachments() const { return mime::attachments(parsed_, raw_); }

std::optional<mime::TextBody> DecodedMessage::text(std::string_view subtype) const {
  return mime::best_text(parsed_, raw_, subtype);
}

std::string DecodedMessage::decoded_body(const mime::Entity& entity) const { return mime::decode_body(entity, raw_); }

}  // namespace mailsim::client::imap
