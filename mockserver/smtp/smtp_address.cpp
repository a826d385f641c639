#include "mockserver/smtp/smtp_address.hpp"

#include <string>

#include "common/sasl/utf8.hpp"

namespace mailsim::mock {
namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_ascii_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// RFC 5322 atext, plus UTF-8 bytes (RFC 6531 3.3); well-formedness is checked
// once on the whole mailbox.
bool is_atext(unsigned char c) {
  if (is_ascii_alnum(c) || c >= 0x80) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(static_cast<char>(c)) != npos;
}

bool is_let_dig(unsigned char c) { return is_ascii_alnum(c) || c >= 0x80; }

unsigned char at(std::string_view text, std::size_t pos) {
  return pos < text.size() ? static_cast<unsigned char>(text[pos]) : 0;
}

// Each scanner returns the offset after what it matched, or npos.
std::size_t scan_dot_string(std::string_view text, std::size_t pos) {
  while (true) {
    const std::size_t atom = pos;
    while (is_atext(at(text, pos))) ++pos;
    if (pos == atom) return npos;
    if (at(text, pos) != '.') return pos;
    ++pos;
  }
}

std::size_t scan_quoted_string(std::string_view text, std::size_t pos) {
  ++pos;  // opening quote
  while (pos < text.size()) {
    const unsigned char c = at(text, pos);
    if (c == '"') return pos + 1;
    if (c == '\\') {
      const unsigned char escaped = at(text, pos + 1);
      if (escaped < 32 || escaped > 126) return npos;
      pos += 2;
    } else if ((c >= 32 && c <= 126) || c >= 0x80) {
      ++pos;
    } else {
      return npos;
    }
  }
  return npos;
}

std::size_t scan_domain(std::string_view text, std::size_t pos) {
  if (at(text, pos) == '[') {
    const std::size_t start = ++pos;
    while (true) {
      const unsigned char c = at(text, pos);
      if (c == ']') return pos > start ? pos + 1 : npos;
      if (!((c >= 33 && c <= 90) || (c >= 94 && c <= 126))) return npos;
      ++pos;
    }
  }
  while (true) {
    if (!is_let_dig(at(text, pos))) return npos;
    while (is_let_dig(at(text, pos)) || at(text, pos) == '-') ++pos;
    if (text[pos - 1] == '-') return npos;
    if (at(text, pos) != '.') return pos;
    ++pos;
  }
}

// A-d-l: "@one.example,@two.example:"
std::size_t scan_source_route(std::string_view text, std::size_t pos) {
  while (true) {
    if (at(text, pos) != '@') return npos;
    pos = scan_domain(text, pos + 1);
    if (pos == npos) return npos;
    if (at(text, pos) == ':') return pos + 1;
    if (at(text, pos) != ',') return npos;
    ++pos;
  }
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

SmtpPath parse_smtp_path(std::string_view text, SmtpPathRules rules) {
  SmtpPath path;
  if (at(text, 0) != '<') return path;
  path.status = SmtpPath::Status::bad_address;
  std::size_t pos = 1;
  if (at(text, pos) == '>') {
    if (!rules.allow_null) return path;
    path.status = SmtpPath::Status::ok;
    path.null_path = true;
    path.end = 2;
    return path;
  }
  if (rules.allow_postmaster && text.size() >= 12 && iequals(text.substr(1, 10), "postmaster") &&
      text[11] == '>') {
    path.status = SmtpPath::Status::ok;
    path.mailbox = std::string(text.substr(1, 10));
    path.end = 12;
    return path;
  }
  if (at(text, pos) == '@') {
    pos = scan_source_route(text, pos);
    if (pos == npos) return path;
  }
  const std::size_t mailbox_start = pos;
  pos = at(text, pos) == '"' ? scan_quoted_string(text, pos) : scan_dot_string(text, pos);
  if (pos == npos || at(text, pos) != '@') return path;
  pos = scan_domain(text, pos + 1);
  if (pos == npos || at(text, pos) != '>') return path;

  const std::string_view mailbox = text.substr(mailbox_start, pos - mailbox_start);
  if (!sasl::is_valid_utf8(mailbox)) return path;
  path.status = SmtpPath::Status::ok;
  path.mailbox = std::string(mailbox);
  for (const char c : mailbox)
    if (static_cast<unsigned char>(c) >= 0x80) path.non_ascii = true;
  path.end = pos + 1;
  return path;
}

bool decode_xtext(std::string_view text, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '+') {
      if (i + 2 >= text.size()) return false;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return false;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c >= 33 && c <= 126 && c != '=') {
      out += static_cast<char>(c);
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace mailsim::mock
