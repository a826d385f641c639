#include "client/imap/imap_mailbox_name.hpp"

#include <cstdint>
#include <vector>

namespace mailsim::client::imap {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

int alphabet_index(char c) {
  const std::size_t i = kAlphabet.find(c);
  return i == std::string_view::npos ? -1 : static_cast<int>(i);
}

// Next code point of UTF-8 text, or nullopt when malformed.
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  char32_t cp = 0;
  if (lead < 0x80) { length = 1; cp = lead; }
  else if ((lead & 0xe0) == 0xc0) { length = 2; cp = lead & 0x1f; }
  else if ((lead & 0xf0) == 0xe0) { length = 3; cp = lead & 0x0f; }
  else if ((lead & 0xf8) == 0xf0) { length = 4; cp = lead & 0x07; }
  else return std::nullopt;
  if (i + length > text.size()) return std::nullopt;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (byte(i + k) & 0x3f);
  }
  constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[length] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return std::nullopt;
  i += length;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

void flush_utf16(std::string& out, const std::vector<std::uint16_t>& units) {
  std::string bytes;
  for (const std::uint16_t u : units) {
    bytes += static_cast<char>(u >> 8);
    bytes += static_cast<char>(u & 0xff);
  }
  out += '&';
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 0x3f];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3f];
  out += '-';
}

}  // namespace

std::optional<std::string> encode_mailbox_name(std::string_view utf8) {
  std::string out;
  std::vector<std::uint16_t> pending;  // UTF-16 units of the current non-ASCII run
  std::size_t i = 0;
  while (i < utf8.size()) {
    const auto cp = next_code_point(utf8, i);
    if (!cp) return std::nullopt;
    if (*cp >= 0x20 && *cp <= 0x7e) {
      if (!pending.empty()) {
        flush_utf16(out, pending);
        pending.clear();
      }
      out += *cp == '&' ? std::string("&-") : std::string(1, static_cast<char>(*cp));
    } else if (*cp >= 0x10000) {
      const char32_t v = *cp - 0x10000;
      pending.push_back(static_cast<std::uint16_t>(0xd800 + (v >> 10)));
      pending.push_back(static_cast<std::uint16_t>(0xdc00 + (v & 0x3ff)));
    } else {
      pending.push_back(static_cast<std::uint16_t>(*cp));
    }
  }
  if (!pending.empty()) flush_utf16(out, pending);
  return out;
}

std::optional<std::string> decode_mailbox_name(std::string_view wire) {
  std::string out;
  std::size_t i = 0;
  while (i < wire.size()) {
    const char c = wire[i++];
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) return std::nullopt;
    if (c != '&') {
      out += c;
      continue;
    }
    const std::size_t end = wire.find('-', i);
    if (end == std::string_view::npos) return std::nullopt;
    if (end == i) {
      out += '&';
      i = end + 1;
      continue;
    }
    std::vector<std::uint16_t> units;
    std::uint32_t buffer = 0;
    int bits = 0;
    std::string bytes;
    for (; i < end; ++i) {
      const int v = alphabet_index(wire[i]);
      if (v < 0) return std::nullopt;
      buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        bytes += static_cast<char>((buffer >> bits) & 0xff);
      }
    }
    i = end + 1;
    if (bytes.size() % 2 != 0 || (buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
    for (std::size_t k = 0; k < bytes.size(); k += 2)
      units.push_back(static_cast<std::uint16_t>((static_cast<unsigned char>(bytes[k]) << 8) |
                                                 static_cast<unsigned char>(bytes[k + 1])));
    for (std::size_t k = 0; k < units.size(); ++k) {
      char32_t cp = units[k];
      if (cp >= 0xd800 && cp <= 0xdbff) {
        if (k + 1 >= units.size() || units[k + 1] < 0xdc00 || units[k + 1] > 0xdfff) return std::nullopt;
        cp = 0x10000 + ((cp - 0xd800) << 10) + (units[++k] - 0xdc00);
      } else if (cp >= 0xdc00 && cp <= 0xdfff) {
        return std::nullopt;
      }
      append_utf8(out, cp);
    }
  }
  return out;
}

}  // namespace mailsim::client::imap
