#include "common/mime/section.hpp"

namespace mailsim::mime {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool upper_equals(std::string_view s, std::string_view upper) {
  if (s.size() != upper.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != upper[i]) return false;
  }
  return true;
}

// An IMAP astring as a header field name: an atom or a quoted string.
bool read_field_name(std::string_view& s, std::string& out) {
  out.clear();
  if (s.empty()) return false;
  if (s.front() == '"') {
    std::size_t i = 1;
    for (; i < s.size() && s[i] != '"'; ++i) {
      if (s[i] == '\\') {
        if (++i >= s.size()) return false;
      }
      if (s[i] == '\r' || s[i] == '\n') return false;
      out.push_back(s[i]);
    }
    if (i >= s.size()) return false;
    s.remove_prefix(i + 1);
    return true;
  }
  std::size_t i = 0;
  for (; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c <= ' ' || c >= 0x7f || c == '(' || c == ')' || c == '{' || c == '%' || c == '*' ||
        c == '"' || c == '\\' || c == ']') {
      break;
    }
  }
  if (i == 0) return false;
  out.assign(s.substr(0, i));
  s.remove_prefix(i);
  return true;
}

bool read_field_list(std::string_view s, std::vector<std::string>& fields) {
  if (s.empty() || s.front() != '(') return false;
  s.remove_prefix(1);
  std::string name;
  for (;;) {
    if (!read_field_name(s, name)) return false;
    fields.push_back(name);
    if (s.empty()) return false;
    if (s.front() == ')') {
      s.remove_prefix(1);
      return s.empty();
    }
    if (s.front() != ' ') return false;
    s.remove_prefix(1);
  }
}

bool field_listed(const std::vector<std::string>& fields, std::string_view name) {
  for (const auto& f : fields) {
    if (iequals(f, name)) return true;
  }
  return false;
}

// The blank line that ends a header, as written; empty when the header
// ended without one (Dovecot then still ends the fields with CRLF, unless
// the header is empty altogether).
std::string_view blank_line_of(std::string_view header) {
  if (header.empty() || header.back() != '\n') return {};
  std::size_t n = header.size() >= 2 && header[header.size() - 2] == '\r' ? 2 : 1;
  std::size_t line_start = header.size() - n;
  if (line_start == 0 || header[line_start - 1] == '\n') return header.substr(line_start);
  return {};
}

// Dovecot's walk: a multipart's number picks a child; a non-multipart takes
// only 1 (itself); a message/rfc822 part hands further numbers to its
// encapsulated message.
const Entity* walk(const Entity& root, const std::vector<std::uint32_t>& path) {
  const Entity* part = &root;
  for (std::size_t i = 0; i < path.size(); ++i) {
    bool more = i + 1 < path.size();
    std::uint32_t num = path[i];
    if (part->is_multipart()) {
      if (num == 0 || num > part->children.size()) return nullptr;
      part = &part->children[num - 1];
    } else if (num != 1 || (more && !part->is_message())) {
      return nullptr;
    }
    if (more && part->is_message()) {
      part = part->encapsulated();
      if (!part) return nullptr;
    }
  }
  return part;
}

}  // namespace

std::optional<SectionSpec> parse_section(std::string_view text) {
  SectionSpec spec;
  std::string_view s = text;
  while (!s.empty() && is_digit(s.front())) {
    std::uint64_t n = 0;
    while (!s.empty() && is_digit(s.front())) {
      n = n * 10 + static_cast<std::uint64_t>(s.front() - '0');
      if (n > 0x80000000ULL) return std::nullopt;
      s.remove_prefix(1);
    }
    if (n == 0) return std::nullopt;
    spec.part.push_back(static_cast<std::uint32_t>(n));
    if (s.empty()) return spec;
    if (s.front() != '.') return std::nullopt;
    s.remove_prefix(1);
    if (s.empty()) return std::nullopt;
  }
  if (s.empty()) return spec;  // "" = the whole message
  std::size_t space = s.find(' ');
  std::string_view word = s.substr(0, space);
  std::string_view rest = space == std::string_view::npos ? std::string_view() : s.substr(space + 1);
  using T = SectionSpec::Text;
  if (upper_equals(word, "HEADER.FIELDS") || upper_equals(word, "HEADER.FIELDS.NOT")) {
    spec.text = word.size() == 13 ? T::header_fields : T::header_fields_not;
    if (space == std::string_view::npos || !read_field_list(rest, spec.fields)) return std::nullopt;
    return spec;
  }
  if (space != std::string_view::npos) return std::nullopt;
  if (upper_equals(word, "HEADER")) {
    spec.text = T::header;
  } else if (upper_equals(word, "TEXT")) {
    spec.text = T::text;
  } else if (upper_equals(word, "MIME") && !spec.part.empty()) {
    spec.text = T::mime;
  } else {
    return std::nullopt;
  }
  return spec;
}

std::string_view SectionContent::bytes(std::string_view raw) const {
  if (built) return *built;
  if (begin > raw.size() || end > raw.size() || end < begin) return {};
  return raw.substr(begin, end - begin);
}

const Entity* find_part(const ParsedMessage& message, const std::vector<std::uint32_t>& part) {
  return walk(message.root, part);
}

std::optional<SectionContent> resolve_section(const ParsedMessage& message, std::string_view raw,
                                              const SectionSpec& spec) {
  using T = SectionSpec::Text;
  const Entity* part = walk(message.root, spec.part);
  if (!part) return std::nullopt;
  SectionContent out;
  if (spec.text == T::none) {
    if (spec.part.empty()) {
      out.begin = 0;
      out.end = raw.size();
    } else {
      out.begin = part->body_begin;
      out.end = part->body_end;
    }
    return out;
  }
  if (spec.text == T::mime) {
    if (spec.part.empty()) return std::nullopt;
    out.begin = part->header_begin;
    out.end = part->header_end;
    return out;
  }
  // HEADER, TEXT and HEADER.FIELDS of a part are those of its encapsulated message
  if (!spec.part.empty()) {
    part = part->encapsulated();
    if (!part) return std::nullopt;
  }
  if (spec.text == T::header) {
    out.begin = part->header_begin;
    out.end = part->header_end;
  } else if (spec.text == T::text) {
    out.begin = part->body_begin;
    out.end = part->body_end;
  } else {
    bool include = spec.text == T::header_fields;
    std::string built;
    for (const HeaderField& f : part->headers) {
      if (field_listed(spec.fields, f.name) == include && f.end <= raw.size()) {
        built.append(raw.substr(f.begin, f.end - f.begin));
      }
    }
    std::string_view header = part->header_bytes(raw);
    std::string_view blank = blank_line_of(header);
    if (!blank.empty()) {
      built.append(blank);
    } else if (!header.empty()) {
      built.append("\r\n");
    }
    out.built = std::move(built);
  }
  return out;
}

}  // namespace mailsim::mime
