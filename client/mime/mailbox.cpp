#include "client/mime/mailbox.hpp"

#include <cctype>
#include <string_view>

#include "client/mime/encoded_word.hpp"
#include "client/mime/header_field.hpp"
#include "client/mime/utf8.hpp"

namespace mailsim::client::mime {
namespace {

constexpr std::size_t kMaxLocalPart = 64;
constexpr std::size_t kMaxDomain = 255;

// RFC 5322 atext, plus any UTF-8 byte (RFC 6532 3.2).
bool is_atext(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x80) return true;
  if (std::isalnum(byte)) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool is_dot_atom(std::string_view text) {
  if (text.empty() || text.front() == '.' || text.back() == '.') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '.') {
      if (text[i + 1] == '.') return false;
    } else if (!is_atext(text[i])) {
      return false;
    }
  }
  return true;
}

bool is_domain(std::string_view domain) {
  if (domain.size() >= 2 && domain.front() == '[' && domain.back() == ']') {
    for (const char c : domain.substr(1, domain.size() - 2)) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte <= 0x20 || byte >= 0x7F || c == '[' || c == ']' || c == '\\') return false;
    }
    return domain.size() > 2;
  }
  if (domain.empty() || domain.front() == '.' || domain.back() == '.') return false;
  std::size_t label_start = 0;
  for (std::size_t i = 0; i <= domain.size(); ++i) {
    if (i == domain.size() || domain[i] == '.') {
      const auto label = domain.substr(label_start, i - label_start);
      if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
      label_start = i + 1;
      continue;
    }
    const auto byte = static_cast<unsigned char>(domain[i]);
    if (!(std::isalnum(byte) || domain[i] == '-' || byte >= 0x80)) return false;
  }
  return true;
}

// A phrase of atoms separated by single spaces can go into a header as is.
bool is_atom_phrase(std::string_view name) {
  if (name.empty() || name.front() == ' ' || name.back() == ' ') return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == ' ') {
      if (name[i + 1] == ' ') return false;
    } else if (!is_atext(name[i])) {
      return false;
    }
  }
  return true;
}

std::string quoted_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::string format_name(std::string_view name) {
  if (needs_encoded_words(name)) {
    std::string out;
    for (const auto& word : encode_words(name)) {
      if (!out.empty()) out += ' ';
      out += word;
    }
    return out;
  }
  if (is_atom_phrase(name)) return std::string(name);
  return quoted_string(name);
}

}  // namespace

bool is_valid_address(std::string_view address) {
  const auto at = address.rfind('@');
  if (at == std::string_view::npos) return false;
  const auto local = address.substr(0, at);
  const auto domain = address.substr(at + 1);
  if (local.size() > kMaxLocalPart || domain.size() > kMaxDomain) return false;
  return is_dot_atom(local) && is_domain(domain) && is_valid_utf8(address);
}

std::string_view address_domain(std::string_view address) {
  const auto at = address.rfind('@');
  return at == std::string_view::npos ? std::string_view{} : address.substr(at + 1);
}

std::string format_mailbox(const Mailbox& mailbox) {
  const std::string name = single_line(mailbox.name);
  if (name.empty()) return mailbox.address;
  return format_name(name) + " <" + mailbox.address + ">";
}

std::string format_mailbox_list(const std::vector<Mailbox>& mailboxes) {
  std::string out;
  for (const auto& mailbox : mailboxes) {
    if (!out.empty()) out += ", ";
    out += format_mailbox(mailbox);
  }
  return out;
}

}  // namespace mailsim::client::mime
