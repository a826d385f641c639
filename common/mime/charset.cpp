#include "common/mime/charset.hpp"

#include <iconv.h>

#include <cerrno>
#include <string>

namespace mailsim::mime {

namespace {

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '"')) s.remove_suffix(1);
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at s[i], or 0.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  std::size_t n;
  unsigned min;
  unsigned cp;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; min = 0x80; }
  else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; min = 0x10000; }
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// Keeps valid UTF-8, replaces every invalid byte with U+FFFD.
Utf8Text repair_utf8(std::string_view s) {
  Utf8Text out;
  out.text.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = utf8_sequence(s, i);
    if (n == 0) {
      out.text.append(kReplacement);
      out.converted = false;
      ++i;
    } else {
      out.text.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

// Names mail uses that iconv spells differently, or that readers decode as
// a superset (as WHATWG Encoding does: latin1 is read as windows-1252).
std::string iconv_name(const std::string& name) {
  if (name == "iso-8859-1" || name == "latin1" || name == "iso_8859-1" || name == "l1" ||
      name == "cp819" || name == "iso8859-1") {
    return "WINDOWS-1252";
  }
  if (name == "gb2312" || name == "gbk" || name == "x-gbk") return "GB18030";
  if (name == "ks_c_5601-1987" || name == "ks_c_5601" || name == "euc-kr") return "CP949";
  if (name == "iso-8859-8-i") return "ISO-8859-8";
  if (name == "windows-874" || name == "tis-620") return "CP874";
  if (name == "shift_jis" || name == "x-sjis" || name == "sjis") return "CP932";
  return name;
}

class Converter {
 public:
  explicit Converter(const std::string& from) : cd_(iconv_open("UTF-8", from.c_str())) {}
  ~Converter() {
    if (ok()) iconv_close(cd_);
  }
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }

  Utf8Text run(std::string_view bytes) {
    Utf8Text out;
    std::string& text = out.text;
    text.reserve(bytes.size() + bytes.size() / 2);
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    char buf[4096];
    while (in_left > 0) {
      char* o = buf;
      std::size_t o_left = sizeof(buf);
      std::size_t r = iconv(cd_, &in, &in_left, &o, &o_left);
      text.append(buf, sizeof(buf) - o_left);
      if (r != static_cast<std::size_t>(-1)) continue;
      if (errno == E2BIG) continue;
      // EILSEQ or a sequence cut short at the end: one replacement, move on
      text.append(kReplacement);
      out.converted = false;
      ++in;
      --in_left;
      iconv(cd_, nullptr, nullptr, nullptr, nullptr);
    }
    char* o = buf;
    std::size_t o_left = sizeof(buf);
    iconv(cd_, nullptr, nullptr, &o, &o_left);  // flush a stateful encoding's shift
    text.append(buf, sizeof(buf) - o_left);
    return out;
  }

 private:
  iconv_t cd_;
};

}  // namespace

Utf8Text to_utf8(std::string_view bytes, std::string_view charset) {
  std::string name = lower_trimmed(charset);
  if (name.empty() || name == "us-ascii" || name == "ascii" || name == "utf-8" || name == "utf8" ||
      name == "x-unknown" || name == "unknown-8bit" || name == "default") {
    return repair_utf8(bytes);
  }
  Converter conv(iconv_name(name));
  if (!conv.ok()) {
    Utf8Text kept = repair_utf8(bytes);
    kept.converted = false;
    return kept;
  }
  return conv.run(bytes);
}

}  // namespace mailsim::mime
