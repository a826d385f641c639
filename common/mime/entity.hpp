#pragma once
// One MIME entity of a parsed message: byte offsets into the raw message plus
// the Content-* fields, parsed the way Dovecot does so that BODYSTRUCTURE built
// from it equals Dovecot's.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/mime/header_fields.hpp"
#include "common/mime/params.hpp"

namespace mailsim::mime {

struct ContentType {
  // As written in the header (case kept); "text"/"plain" when there is no
  // usable Content-Type; "message"/"rfc822" for every Kind::message entity
  // (Dovecot writes those words whatever the header says). subtype is
  // empty when the header had no "/subtype" (Dovecot then writes "").
  std::string type = "text";
  std::string subtype = "plain";
  ParamList params;
  bool defaulted = true;  // no usable Content-Type (absent, or entity not MIME)

  bool is(std::string_view t) const;                          // case-insensitive type
  bool is(std::string_view t, std::string_view sub) const;    // type and subtype
};

struct ContentDisposition {
  std::string type;  // as written, e.g. "attachment"
  ParamList params;
};

enum class TransferEncoding { seven_bit, eight_bit, binary, base64, quoted_printable, unknown };

struct Entity {
  enum class Kind {
    leaf,       // any non-container body
    multipart,  // multipart/*: children are the parts (maybe none)
    message,    // message/rfc822: children[0] is the encapsulated message
  };
  Kind kind = Kind::leaf;

  // Offsets into the raw message given to parse_message. The header runs
  // [header_begin, header_end) including the blank line; the body runs
  // [body_begin, body_end) with body_begin == header_end. A part's body
  // excludes the line break before the next boundary (it belongs to the
  // boundary, RFC 2046 section 5.1.1).
  std::size_t header_begin = 0;
  std::size_t header_end = 0;
  std::size_t body_begin = 0;
  std::size_t body_end = 0;
  std::size_t body_lines = 0;         // LFs in the body (Dovecot's line count)
  std::size_t body_virtual_size = 0;  // body size with each bare LF counted as CRLF
  std::size_t header_virtual_size = 0;

  std::vector<HeaderField> headers;
  // Mime-Version or Content-Type present, or a part of a multipart. When
  // false the Content-* fields below stay empty/defaulted (RFC 2045 section 4).
  bool is_mime = false;
  ContentType content_type;
  std::string transfer_encoding_name;  // token as written; empty when absent (IMAP says "7bit")
  std::optional<ContentDisposition> disposition;
  std::optional<std::string> id, description, md5, location;  // unfolded raw values
  std::vector<std::string> language;                          // Content-Language tags

  std::vector<Entity> children;
  bool truncated = false;  // a limit stopped parsing inside this entity

  TransferEncoding transfer_encoding() const;
  bool is_multipart() const { return kind == Kind::multipart; }
  bool is_message() const { return kind == Kind::message; }
  // The encapsulated message of a message/rfc822 entity, else nullptr.
  const Entity* encapsulated() const;
  std::string_view header_bytes(std::string_view raw) const;
  std::string_view body_bytes(std::string_view raw) const;
};

}  // namespace mailsim::mime
