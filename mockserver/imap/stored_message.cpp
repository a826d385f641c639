#include "mockserver/imap/stored_message.hpp"

#include "common/mime/content.hpp"

namespace mailsim::mock {

StoredMessage::StoredMessage(std::string_view raw, InternalDate internal_date)
    : raw_(mime::to_crlf(raw)), internal_date_(internal_date) {}

const mime::ParsedMessage& StoredMessage::parsed() const {
  std::call_once(parse_once_, [this] { parsed_ = std::make_unique<mime::ParsedMessage>(mime::parse_message(raw_)); });
  return *parsed_;
}

const std::string& StoredMessage::searchable_body() const {
  std::call_once(body_once_, [this] { body_text_ = mime::searchable_body(parsed(), raw_); });
  return body_text_;
}

std::shared_ptr<const StoredMessage> make_stored_message(std::string_view raw, InternalDate internal_date) {
  return std::make_shared<const StoredMessage>(raw, internal_date);
}

}  // namespace mailsim::mock
