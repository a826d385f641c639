#include "common/mime/entity.hpp"

namespace mailsim::mime {

bool ContentType::is(std::string_view t) const { return iequals(type, t); }

bool ContentType::is(std::string_view t, std::string_view sub) const {
  return iequals(type, t) && iequals(subtype, sub);
}

TransferEncoding Entity::transfer_encoding() const {
  const std::string& n = transfer_encoding_name;
  if (n.empty() || iequals(n, "7bit")) return TransferEncoding::seven_bit;
  if (iequals(n, "8bit")) return TransferEncoding::eight_bit;
  if (iequals(n, "binary")) return TransferEncoding::binary;
  if (iequals(n, "base64")) return TransferEncoding::base64;
  if (iequals(n, "quoted-printable")) return TransferEncoding::quoted_printable;
  return TransferEncoding::unknown;
}

const Entity* Entity::encapsulated() const {
  return kind == Kind::message && !children.empty() ? &children.front() : nullptr;
}

std::string_view Entity::header_bytes(std::string_view raw) const {
  if (header_begin > raw.size() || header_end > raw.size() || header_end < header_begin) return {};
  return raw.substr(header_begin, header_end - header_begin);
}

std::string_view Entity::body_bytes(std::string_view raw) const {
  if (body_begin > raw.size() || body_end > raw.size() || body_end < body_begin) return {};
  return raw.substr(body_begin, body_end - body_begin);
}

}  // namespace mailsim::mime
