#pragma once
// The BODYSTRUCTURE (and non-extensible BODY) fetch item, RFC 3501 section
// 7.4.2, as a recursive typed value. Texts keep the server's case; compare
// types with the helpers below, which ignore case.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "client/imap/imap_envelope.hpp"
#include "client/imap/imap_value.hpp"

namespace mailsim::client::imap {

using BodyParams = std::vector<std::pair<std::string, std::string>>;  // in order sent

struct BodyDisposition {
  std::string type;  // "attachment", "inline", ...
  BodyParams params;
  bool operator==(const BodyDisposition&) const = default;
};

struct BodyStructure {
  std::string type;     // "TEXT", "IMAGE", "MESSAGE", "MULTIPART", ...
  std::string subtype;  // "PLAIN", "RFC822", "MIXED", ...
  BodyParams params;    // content-type parameters (multipart: extension data)

  // Single parts only.
  std::optional<std::string> id;
  std::optional<std::string> description;
  std::string encoding;  // "7BIT", "BASE64", ...
  std::uint64_t size = 0;
  std::optional<std::uint64_t> lines;  // text/* and message/rfc822
  std::optional<Envelope> envelope;    // message/rfc822

  // multipart: the parts; message/rfc822: exactly one, the enclosed body.
  std::vector<BodyStructure> children;

  // Extension data: only BODYSTRUCTURE carries it, and only up to what the
  // server chose to send.
  bool has_extension_data = false;
  std::optional<std::string> md5;  // single parts
  std::optional<BodyDisposition> disposition;
  std::vector<std::string> language;
  std::optional<std::string> location;
  std::vector<Value> extensions;  // anything after location

  bool is_multipart() const;
  bool is_message() const;  // message/rfc822 (or message/global) with an enclosed body
  // Case-insensitive "type/subtype" match, e.g. is("text", "plain").
  bool is(std::string_view type, std::string_view subtype) const;
  // Case-insensitive parameter lookup: content-type params / disposition params.
  std::optional<std::string> param(std::string_view name) const;
  std::optional<std::string> disposition_param(std::string_view name) const;

  bool operator==(const BodyStructure&) const = default;
};

// One leaf (or enclosed message) of a body, with the section specifier to
// fetch it by, e.g. "1.2" for BODY[1.2].
struct BodyPart {
  std::string section;
  const BodyStructure* part = nullptr;
};

// Leaves in depth-first order, with section numbers per RFC 3501 section
// 6.4.5. A message/rfc822 part is listed itself; its contents are not.
std::vector<BodyPart> leaf_parts(const BodyStructure& body);

// The part at a section specifier ("" is the whole message), or nullptr.
const BodyStructure* find_part(const BodyStructure& body, std::string_view section);

}  // namespace mailsim::client::imap
