#include "client/mime/message_id.hpp"

#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <stdexcept>

#include "client/mime/mailbox.hpp"

namespace mailsim::client::mime {
namespace {

constexpr std::size_t kMaxUnique = 48;  // leaves room in a 70-char boundary

bool is_ascii_hostname(std::string_view domain) {
  if (domain.empty() || domain.front() == '.' || domain.back() == '.') return false;
  for (std::size_t i = 0; i < domain.size(); ++i) {
    const auto byte = static_cast<unsigned char>(domain[i]);
    if (domain[i] == '.') {
      if (domain[i + 1] == '.') return false;
    } else if (!(byte < 0x80 && (std::isalnum(byte) || domain[i] == '-'))) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool is_valid_unique_id(std::string_view unique) {
  if (unique.empty() || unique.size() > kMaxUnique || unique.front() == '.' || unique.back() == '.') return false;
  for (std::size_t i = 0; i < unique.size(); ++i) {
    const auto byte = static_cast<unsigned char>(unique[i]);
    if (unique[i] == '.') {
      if (unique[i + 1] == '.') return false;
    } else if (!(byte < 0x80 && (std::isalnum(byte) || unique[i] == '-' || unique[i] == '_'))) {
      return false;
    }
  }
  return true;
}

std::string make_message_id(std::string_view unique, std::string_view from_address) {
  if (!is_valid_unique_id(unique))
    throw std::invalid_argument("the unique part of a Message-ID must be 1-48 of [A-Za-z0-9._-]");
  const auto domain = address_domain(from_address);
  return "<" + std::string(unique) + "@" + (is_ascii_hostname(domain) ? std::string(domain) : "localhost") + ">";
}

std::string random_unique_id() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("OpenSSL could not produce random bytes");
  }
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  for (const unsigned char byte : bytes) {
    out += kHex[byte >> 4];
    out += kHex[byte & 0x0F];
  }
  return out;
}

}  // namespace mailsim::client::mime
