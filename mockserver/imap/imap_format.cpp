#include "mockserver/imap/imap_format.hpp"

#include <algorithm>

#include "mockserver/imap/imap_reader.hpp"

namespace mailsim::mock::imap {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Dovecot 2.3 writes a literal as soon as one quoted-special appears.
bool needs_literal(std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\r' || c == '\n' || c == '\0' || c == '"' || c == '\\' || u >= 0x80) return true;
  }
  return false;
}

}  // namespace

void append_literal(std::string& out, std::string_view bytes) {
  out += '{';
  out += std::to_string(bytes.size());
  out += "}\r\n";
  out.append(bytes);
}

void append_string(std::string& out, std::string_view text) {
  if (needs_literal(text)) {
    append_literal(out, text);
    return;
  }
  out += '"';
  out.append(text);
  out += '"';
}

void append_nstring(std::string& out, const std::optional<std::string>& text) {
  if (!text) {
    out += "NIL";
    return;
  }
  append_string(out, *text);
}

void append_nstring_nolf(std::string& out, const std::optional<std::string>& text) {
  if (!text || text->find_first_of("\r\n") == std::string::npos) {
    append_nstring(out, text);
    return;
  }
  std::string cleaned;
  cleaned.reserve(text->size());
  for (char c : *text)
    if (c != '\r' && c != '\n') cleaned += c;
  append_string(out, cleaned);
}

void append_astring(std::string& out, std::string_view text) {
  const bool atom = !text.empty() && !iequals_ascii(text, "NIL") &&
                    std::all_of(text.begin(), text.end(), [](char c) { return is_atom_char(c) || c == ']'; });
  if (atom) out.append(text);
  else append_string(out, text);
}

std::string printable_text(std::string_view text, std::size_t max) {
  std::string out(text.substr(0, max));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return out;
}

std::string upper_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return out;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool icontains(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char x, char y) { return lower(x) == lower(y); });
  return it != haystack.end();
}

}  // namespace mailsim::mock::imap
