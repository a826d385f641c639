#include "client/imap/imap_command.hpp"

#include <stdexcept>

#include "client/imap/imap_ascii.hpp"
#include "client/imap/imap_mailbox_name.hpp"

namespace mailsim::client::imap {
namespace {

// Long quoted strings are legal, but some servers cap their line length;
// a literal is always safe.
constexpr std::size_t kMaxQuoted = 1000;

}  // namespace

bool is_astring_atom(std::string_view value) {
  if (value.empty() || iequals(value, "NIL")) return false;
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7f) return false;
    switch (c) {
      case '(': case ')': case '{': case '%': case '*': case '"': case '\\':
        return false;
      default:
        break;
    }
  }
  return true;
}

bool is_quotable(std::string_view value) {
  if (value.size() > kMaxQuoted) return false;
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0 || c == '\r' || c == '\n' || c >= 0x80) return false;
  }
  return true;
}

CommandBuilder::CommandBuilder(std::string tag, bool literal_plus) : literal_plus_(literal_plus) {
  command_.tag = std::move(tag);
  command_.segments.emplace_back();
  text(command_.tag, command_.tag);
  need_space_ = true;
}

void CommandBuilder::separate() {
  if (need_space_) text(" ", " ");
  need_space_ = true;
}

void CommandBuilder::text(std::string_view wire, std::string_view shown) {
  command_.segments.back().append(wire);
  command_.transcript.append(shown);
}

CommandBuilder& CommandBuilder::atom(std::string_view value) {
  separate();
  text(value, value);
  return *this;
}

CommandBuilder& CommandBuilder::astring(std::string_view value, bool secret) {
  if (!is_astring_atom(value)) return string(value, secret);
  separate();
  text(value, secret ? kRedacted : value);
  return *this;
}

CommandBuilder& CommandBuilder::string(std::string_view value, bool secret) {
  if (!is_quotable(value)) return literal(value, secret);
  separate();
  std::string quoted = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  quoted += '"';
  text(quoted, secret ? kRedacted : std::string_view(quoted));
  return *this;
}

CommandBuilder& CommandBuilder::literal(std::string_view value, bool secret) {
  separate();
  const std::string size = std::to_string(value.size());
  const std::string announce = "{" + size + (literal_plus_ ? "+}" : "}");
  command_.segments.back().append(announce + "\r\n");
  command_.transcript.append(secret ? std::string(kRedacted) : announce + "<" + size + " bytes>");
  if (!literal_plus_) command_.segments.emplace_back();
  command_.segments.back().append(value);
  return *this;
}

CommandBuilder& CommandBuilder::mailbox(std::string_view utf8_name) {
  const auto wire = encode_mailbox_name(utf8_name);
  if (!wire) throw std::invalid_argument("mailbox name is not valid UTF-8");
  // INBOX is case-insensitive and special; send it in its canonical form.
  return astring(iequals(*wire, "INBOX") ? std::string("INBOX") : *wire);
}

CommandBuilder& CommandBuilder::open_list() {
  separate();
  text("(", "(");
  need_space_ = false;
  return *this;
}

CommandBuilder& CommandBuilder::close_list() {
  text(")", ")");
  need_space_ = true;
  return *this;
}

Command CommandBuilder::finish() {
  command_.segments.back().append("\r\n");
  return std::move(command_);
}

}  // namespace mailsim::client::imap
