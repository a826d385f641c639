#include "common/mime/header_fields.hpp"

#include <algorithm>
#include <cstring>

namespace mailsim::mime {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Offset of the LF ending the line that starts at `pos`, or `stop`.
std::size_t line_end(std::string_view text, std::size_t pos, std::size_t stop) {
  const void* lf = std::memchr(text.data() + pos, '\n', stop - pos);
  return lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - text.data()) : stop;
}

// Joins the lines of a folded value, dropping their [CR]LF. The first line
// loses its leading blanks (all of them, or just one when it is all blanks),
// as Dovecot's header parser does for the values IMAP reports; NULs become
// U+FFFD.
std::string unfold(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  std::size_t first_end = raw.find('\n');
  std::string_view first = raw.substr(0, first_end);
  if (!first.empty() && first.back() == '\r' && first_end != std::string_view::npos) {
    first.remove_suffix(1);
  }
  std::size_t skip = 0;
  while (skip < first.size() && is_blank(first[skip])) ++skip;
  if (skip == first.size() && !first.empty()) skip = 1;
  auto put = [&out](char c) {
    if (c == '\0') out += "\xEF\xBF\xBD";  // NULs read as U+FFFD, as in Dovecot
    else out.push_back(c);
  };
  for (char c : first.substr(skip)) put(c);
  if (first_end == std::string_view::npos) return out;
  for (std::size_t i = first_end + 1; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\n') continue;
    if (c == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') continue;
    put(c);
  }
  return out;
}

std::string_view strip_line_break(std::string_view s) {
  if (!s.empty() && s.back() == '\n') {
    s.remove_suffix(1);
    if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  }
  return s;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    unsigned char x = static_cast<unsigned char>(a[i]);
    unsigned char y = static_cast<unsigned char>(b[i]);
    if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

HeaderBlock parse_header_block(std::string_view text, std::size_t begin, std::size_t stop,
                               const Limits& limits) {
  HeaderBlock block;
  if (stop > text.size()) stop = text.size();
  std::size_t pos = begin;
  while (pos < stop) {
    if (text[pos] == '\n') {
      block.end = pos + 1;
      block.has_blank_line = true;
      return block;
    }
    if (text[pos] == '\r' && pos + 1 < stop && text[pos + 1] == '\n') {
      block.end = pos + 2;
      block.has_blank_line = true;
      return block;
    }
    // One field: its first line and every following line that starts blank.
    std::size_t field_begin = pos;
    std::size_t first_lf = line_end(text, pos, stop);
    std::size_t next = first_lf < stop ? first_lf + 1 : stop;
    while (next < stop && is_blank(text[next])) {
      std::size_t lf = line_end(text, next, stop);
      next = lf < stop ? lf + 1 : stop;
    }
    pos = next;
    if (block.fields.size() >= limits.max_header_fields) {
      block.truncated = true;
      continue;
    }
    std::string_view whole = text.substr(field_begin, next - field_begin);
    std::string_view first_line = text.substr(field_begin, first_lf - field_begin);
    HeaderField field;
    field.begin = field_begin;
    field.end = next;
    std::size_t colon = first_line.find(':');
    std::string_view name;
    std::string_view raw;
    if (colon == std::string_view::npos) {
      // No colon: the whole line is taken as a name without value, so that
      // HEADER.FIELDS.NOT still returns it byte for byte.
      name = first_line;
      if (!name.empty() && name.back() == '\r') name.remove_suffix(1);
      raw = strip_line_break(whole.substr(std::min(whole.size(), first_line.size() + 1)));
    } else {
      name = first_line.substr(0, colon);
      while (!name.empty() && is_blank(name.back())) name.remove_suffix(1);
      raw = strip_line_break(whole.substr(colon + 1));
    }
    if (raw.size() > limits.max_header_line) {
      raw = raw.substr(0, limits.max_header_line);
      block.truncated = true;
    }
    if (name.size() > limits.max_header_line) {
      name = name.substr(0, limits.max_header_line);
      block.truncated = true;
    }
    field.name.assign(name);
    field.raw_value.assign(raw);
    field.value = unfold(raw);
    block.fields.push_back(std::move(field));
  }
  block.end = stop;
  return block;
}

const HeaderField* find_field(const std::vector<HeaderField>& fields, std::string_view name) {
  for (const auto& f : fields) {
    if (iequals(f.name, name)) return &f;
  }
  return nullptr;
}

const HeaderField* find_last_field(const std::vector<HeaderField>& fields, std::string_view name) {
  for (auto it = fields.rbegin(); it != fields.rend(); ++it) {
    if (iequals(it->name, name)) return &*it;
  }
  return nullptr;
}

std::vector<const HeaderField*> find_fields(const std::vector<HeaderField>& fields,
                                            std::string_view name) {
  std::vector<const HeaderField*> out;
  for (const auto& f : fields) {
    if (iequals(f.name, name)) out.push_back(&f);
  }
  return out;
}

}  // namespace mailsim::mime
