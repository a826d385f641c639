#pragma once
// One message's bytes and arrival date, immutable and shared: COPY, MOVE and
// FETCH hand out the same object rather than copying the bytes. Its MIME
// structure is parsed once, on first use.
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>

#include "common/mime/message_parser.hpp"
#include "mockserver/imap/internal_date.hpp"

namespace mailsim::mock {

class StoredMessage {
 public:
  // Bare LFs become CRLF, so sizes and sections equal what IMAP serves.
  StoredMessage(std::string_view raw, InternalDate internal_date);
  StoredMessage(const StoredMessage&) = delete;
  StoredMessage& operator=(const StoredMessage&) = delete;

  const std::string& raw() const { return raw_; }
  std::size_t size() const { return raw_.size(); }
  const InternalDate& internal_date() const { return internal_date_; }
  // Thread-safe; parsed on first call.
  const mime::ParsedMessage& parsed() const;
  // UTF-8 text of the text parts (what SEARCH BODY looks in); cached.
  const std::string& searchable_body() const;

 private:
  std::string raw_;
  InternalDate internal_date_;
  mutable std::once_flag parse_once_;
  mutable std::unique_ptr<mime::ParsedMessage> parsed_;
  mutable std::once_flag body_once_;
  mutable std::string body_text_;
};

std::shared_ptr<const StoredMessage> make_stored_message(std::string_view raw, InternalDate internal_date);

}  // namespace mailsim::mock
