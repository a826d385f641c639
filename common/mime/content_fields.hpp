#pragma once
// Internal to common/mime: reads an entity's Content-* fields the way
// Dovecot's message parser and BODYSTRUCTURE code do, and tells the message
// parser what kind of body follows.
#include <optional>
#include <string>

#include "common/mime/entity.hpp"

namespace mailsim::mime::detail {

struct BodyKind {
  bool has_content_type = false;  // a Content-Type field exists (makes the entity MIME)
  bool multipart = false;
  bool digest = false;            // multipart/digest: parts default to message/rfc822
  bool rfc822 = false;
  std::optional<std::string> boundary;
};

// Looks at the first Content-Type field only (Mime-Version is the caller's).
BodyKind classify_body(const Entity& entity);

// Fills content_type, transfer_encoding_name, disposition, id, description,
// md5, location and language from the entity's header fields.
void read_content_fields(Entity& entity);

}  // namespace mailsim::mime::detail
