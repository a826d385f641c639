#include "common/mime/params.hpp"

#include <algorithm>
#include <cstdint>

#include "common/mime/charset.hpp"
#include "common/mime/encoded_words.hpp"
#include "common/mime/header_fields.hpp"
#include "common/mime/rfc822_lexer.hpp"

namespace mailsim::mime {

namespace {

// One "name*<n>[*]" segment of an RFC 2231 parameter.
struct Segment {
  std::string key;
  std::uint32_t index = 0;
  bool extended = false;
  std::string value;
};

// Splits "name*3*" / "name*" / "name*0" into a segment; false for a plain name.
bool split_segment(const std::string& name, Segment& seg) {
  std::size_t star = name.find('*');
  if (star == std::string::npos) return false;
  std::size_t p = star;
  std::uint32_t index = 0;
  if (p + 1 < name.size()) {
    ++p;
    while (p < name.size() && name[p] >= '0' && name[p] <= '9') {
      if (index < 100'000) index = index * 10 + static_cast<std::uint32_t>(name[p] - '0');
      ++p;
    }
  }
  bool extended = p < name.size() && name[p] == '*';
  if (extended) ++p;
  if (p != name.size()) return false;
  seg.key = name.substr(0, star);
  seg.index = index;
  seg.extended = extended;
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// "charset'language'%XX..." to UTF-8.
std::string decode_extended(std::string_view v) {
  std::size_t q1 = v.find('\'');
  std::size_t q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
  if (q2 == std::string_view::npos) return to_utf8(percent_decode(v), "utf-8").text;
  std::string_view charset = v.substr(0, q1);
  std::string bytes = percent_decode(v.substr(q2 + 1));
  return to_utf8(bytes, charset.empty() ? std::string_view("us-ascii") : charset).text;
}

std::string decode_plain(const std::string& v) {
  if (v.find("=?") != std::string::npos) return decode_header_text(v);
  return v;
}

}  // namespace

const std::string* ParamList::find(std::string_view name) const {
  for (const auto& p : items) {
    if (iequals(p.name, name)) return &p.value;
  }
  return nullptr;
}

std::optional<std::string> ParamList::decoded(std::string_view name) const {
  std::string star_name(name);
  star_name.push_back('*');
  if (const std::string* v = find(star_name)) return decode_extended(*v);
  if (const std::string* v = find(name)) return decode_plain(*v);
  // Continuations Dovecot could not merge (a gap in the numbers) are left
  // as name*<n>; readers still want the value, so join what is there.
  std::vector<Segment> segs;
  for (const auto& p : items) {
    Segment seg;
    if (split_segment(p.name, seg) && iequals(seg.key, name)) {
      seg.value = p.value;
      segs.push_back(std::move(seg));
    }
  }
  if (segs.empty()) return std::nullopt;
  std::stable_sort(segs.begin(), segs.end(),
                   [](const Segment& a, const Segment& b) { return a.index < b.index; });
  if (!segs.front().extended) {
    std::string joined;
    for (const auto& s : segs) joined += s.value;
    return decode_plain(joined);
  }
  std::string joined;
  for (const auto& s : segs) joined += s.value;
  return decode_extended(joined);
}

ParamList parse_params(std::string_view text) {
  ParamList list;
  detail::Rfc822Lexer lx(text);
  lx.skip_lwsp();
  std::vector<Segment> segments;
  std::string name, value;
  for (;;) {
    int r = lx.content_param(name, value);
    if (r == 0) break;
    if (r < 0) {
      // skip ahead and try the next parameter
      if (lx.at_end()) break;
      lx.advance();
      continue;
    }
    Segment seg;
    if (split_segment(name, seg)) {
      seg.value = value;
      segments.push_back(std::move(seg));
    } else {
      list.items.push_back({name, value});
    }
  }
  if (segments.empty()) return list;

  std::stable_sort(segments.begin(), segments.end(), [](const Segment& a, const Segment& b) {
    if (a.key != b.key) return a.key < b.key;
    return a.index < b.index;
  });
  for (std::size_t i = 0; i < segments.size();) {
    std::size_t j = i;
    bool contiguous = true;
    bool any_extended = false;
    for (std::uint32_t expect = 0; j < segments.size() && iequals(segments[j].key, segments[i].key);
         ++j, ++expect) {
      if (segments[j].index != expect) contiguous = false;
      if (segments[j].extended) any_extended = true;
    }
    if (!contiguous) {
      for (std::size_t k = i; k < j; ++k) {
        std::string key = segments[k].key + "*" + std::to_string(segments[k].index);
        if (segments[k].extended) key.push_back('*');
        list.items.push_back({key, segments[k].value});
      }
    } else {
      std::string merged;
      if (any_extended && !segments[i].extended) merged = "''";
      for (std::size_t k = i; k < j; ++k) {
        if (any_extended && !segments[k].extended) {
          // a plain segment inside an encoded value: its '%' is literal
          for (char c : segments[k].value) {
            if (c == '%') merged += "%25";
            else merged.push_back(c);
          }
        } else {
          merged += segments[k].value;
        }
      }
      list.items.push_back({any_extended ? segments[i].key + "*" : segments[i].key, merged});
    }
    i = j;
  }
  return list;
}

}  // namespace mailsim::mime
