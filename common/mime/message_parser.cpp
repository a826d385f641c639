#include "common/mime/message_parser.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

#include "common/mime/content_fields.hpp"

namespace mailsim::mime {

namespace {

// Where scanning a body stopped: at a boundary line of some enclosing
// multipart, or at the end of the message.
struct Stop {
  bool at_boundary = false;
  std::size_t index = 0;       // position of the boundary in the active stack
  bool closing = false;        // "--boundary--"
  std::size_t line_begin = 0;  // offset of the boundary line's "--"
  std::size_t end = 0;         // end of the stopped body: the [CR]LF before the line belongs to the boundary
};

struct Counts {
  std::size_t lines = 0;
  std::size_t bare_lf = 0;
};

class Parser {
 public:
  Parser(std::string_view raw, const Limits& limits) : raw_(raw), limits_(limits) {}

  ParsedMessage run() {
    ParsedMessage msg;
    Stop stop;
    msg.root = parse_entity(0, false, false, 0, stop);
    Counts all = measure(msg.root);
    msg.size = raw_.size();
    msg.virtual_size = raw_.size() + all.bare_lf;
    msg.part_count = parts_;
    msg.truncated = truncated_;
    return msg;
  }

 private:
  std::size_t next_line(std::size_t pos) const {
    const void* lf = std::memchr(raw_.data() + pos, '\n', raw_.size() - pos);
    return lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - raw_.data()) + 1 : raw_.size();
  }

  // The active boundary a line starting at `pos` opens with: the longest
  // prefix match, the innermost one on a tie (RFC 2046 section 5.1.2).
  std::optional<Stop> match_boundary(std::size_t pos) const {
    if (boundaries_.empty() || pos + 2 > raw_.size() || raw_[pos] != '-' || raw_[pos + 1] != '-') {
      return std::nullopt;
    }
    std::size_t line_end = next_line(pos);
    std::string_view rest = raw_.substr(pos + 2, line_end - pos - 2);
    std::optional<std::size_t> best;
    for (std::size_t i = boundaries_.size(); i-- > 0;) {
      const std::string& b = boundaries_[i];
      if (rest.substr(0, b.size()) == b && (!best || boundaries_[*best].size() < b.size())) best = i;
    }
    if (!best) return std::nullopt;
    Stop s;
    s.at_boundary = true;
    s.index = *best;
    s.line_begin = pos;
    s.closing = rest.substr(boundaries_[*best].size(), 2) == "--";
    return s;
  }

  // Scans lines from `from` (a line start) to the next boundary line.
  Stop find_boundary(std::size_t from) const {
    Stop eof;
    eof.end = raw_.size();
    if (boundaries_.empty()) return eof;
    for (std::size_t pos = from; pos < raw_.size(); pos = next_line(pos)) {
      if (auto s = match_boundary(pos)) {
        s->end = pos;
        if (pos > from && raw_[pos - 1] == '\n') {
          s->end = pos - 1;
          if (s->end > from && raw_[s->end - 1] == '\r') --s->end;
        }
        return *s;
      }
    }
    return eof;
  }

  bool room_for_part() {
    if (parts_ < limits_.max_parts) return true;
    truncated_ = true;
    return false;
  }

  Entity empty_entity(std::size_t at) {
    ++parts_;
    Entity e;
    e.header_begin = e.header_end = e.body_begin = e.body_end = at;
    return e;
  }

  Entity parse_entity(std::size_t begin, bool in_multipart, bool in_digest, std::size_t depth,
                      Stop& stop) {
    ++parts_;
    Entity e;
    e.header_begin = begin;

    // The header ends at a blank line, at the end of the message, or at a
    // boundary line; in that last case the line break before the boundary
    // is the boundary's.
    std::size_t pos = begin;
    std::size_t header_stop = raw_.size();
    bool blank_line = false;
    std::optional<Stop> boundary_in_header;
    while (pos < raw_.size()) {
      if ((boundary_in_header = match_boundary(pos))) {
        header_stop = pos;
        if (pos > begin && raw_[pos - 1] == '\n') {
          --header_stop;
          if (header_stop > begin && raw_[header_stop - 1] == '\r') --header_stop;
        }
        boundary_in_header->end = header_stop;
        break;
      }
      if (raw_[pos] == '\n' || (raw_[pos] == '\r' && pos + 1 < raw_.size() && raw_[pos + 1] == '\n')) {
        header_stop = pos + (raw_[pos] == '\n' ? 1 : 2);
        blank_line = true;
        break;
      }
      pos = next_line(pos);
    }
    HeaderBlock block = parse_header_block(raw_, begin, header_stop, limits_);
    if (block.truncated) {
      e.truncated = true;
      truncated_ = true;
    }
    e.headers = std::move(block.fields);
    e.header_end = e.body_begin = header_stop;

    detail::BodyKind kind = detail::classify_body(e);
    e.is_mime = in_multipart || kind.has_content_type || find_field(e.headers, "Mime-Version");
    if (e.is_mime) detail::read_content_fields(e);
    bool rfc822 = e.is_mime && kind.rfc822;
    bool multipart = e.is_mime && kind.multipart;
    if ((!e.is_mime || !kind.has_content_type) && in_digest) rfc822 = true;
    if (rfc822) {
      // Dovecot names it so whatever the case or defaulting
      e.content_type.type = "message";
      e.content_type.subtype = "rfc822";
      e.kind = Entity::Kind::message;
    } else if (multipart) {
      e.kind = Entity::Kind::multipart;
    }
    if (e.kind != Entity::Kind::leaf && (depth + 1 >= limits_.max_depth ||
                                         (e.kind == Entity::Kind::message && !room_for_part()))) {
      // not opened: an opaque blob, named the way Dovecot names it
      e.kind = Entity::Kind::leaf;
      e.content_type.type = "application";
      e.content_type.subtype = "octet-stream";
      e.truncated = true;
      truncated_ = true;
    }
    const bool opens_multipart =
        e.kind == Entity::Kind::multipart && kind.boundary && !kind.boundary->empty();

    if (blank_line && !boundary_in_header) {
      // A blank line right before an enclosing boundary: its line break is
      // the boundary's, so the header ends before it and the body is empty
      // (Dovecot). The entity's own boundary there is just its first part.
      if (opens_multipart) boundaries_.push_back(*kind.boundary);
      std::optional<Stop> next = match_boundary(header_stop);
      bool own = next && opens_multipart && next->index == boundaries_.size() - 1;
      if (opens_multipart) boundaries_.pop_back();
      if (next && !own) {
        std::size_t blank_begin = header_stop - 1;
        if (blank_begin > begin && raw_[blank_begin - 1] == '\r') --blank_begin;
        e.header_end = e.body_begin = e.body_end = blank_begin;
        if (e.kind == Entity::Kind::message) e.children.push_back(empty_entity(blank_begin));
        stop = *next;
        stop.end = header_stop;
        return e;
      }
    }

    if (boundary_in_header || !blank_line) {
      // no body; an encapsulated message is still there, empty
      e.body_end = header_stop;
      if (e.kind == Entity::Kind::message) e.children.push_back(empty_entity(header_stop));
      if (boundary_in_header) {
        stop = *boundary_in_header;
      } else {
        stop = Stop{};
        stop.end = raw_.size();
      }
      return e;
    }

    if (opens_multipart) {
      parse_multipart_body(e, *kind.boundary, kind.digest, depth, stop);
    } else if (e.kind == Entity::Kind::message) {
      e.children.push_back(parse_entity(e.body_begin, false, false, depth + 1, stop));
      e.body_end = stop.end;
    } else {
      stop = find_boundary(e.body_begin);
      e.body_end = stop.end;
    }
    return e;
  }

  void parse_multipart_body(Entity& e, const std::string& boundary, bool digest, std::size_t depth,
                            Stop& stop) {
    boundaries_.push_back(boundary);
    const std::size_t mine = boundaries_.size() - 1;
    bool popped = false;
    Stop s = find_boundary(e.body_begin);
    for (;;) {
      if (!s.at_boundary || s.index != mine) break;  // end of message, or an outer boundary
      std::size_t after = next_line(s.line_begin);
      bool line_complete = after > s.line_begin && raw_[after - 1] == '\n';
      if (s.closing) {
        boundaries_.pop_back();
        popped = true;
        s = find_boundary(after);  // the epilogue runs to an outer boundary or the end
        break;
      }
      if (!line_complete) {
        s = find_boundary(after);  // a last boundary line without LF opens no part
        continue;
      }
      if (!room_for_part()) {
        e.truncated = true;
        s = find_boundary(after);
        continue;
      }
      Stop child_stop;
      e.children.push_back(parse_entity(after, true, digest, depth + 1, child_stop));
      s = child_stop;
    }
    if (!popped) boundaries_.pop_back();
    e.body_end = s.end;
    stop = s;
  }

  // memchr jumps from LF to LF: every message is measured on its first FETCH.
  Counts count(std::size_t a, std::size_t b) const {
    Counts c;
    if (a >= b) return c;
    const char* const data = raw_.data();
    const char* const end = data + b;
    for (const char* p = data + a; (p = static_cast<const char*>(std::memchr(p, '\n', end - p))); ++p) {
      ++c.lines;
      if (p == data || p[-1] != '\r') ++c.bare_lf;
    }
    return c;
  }

  // Sets the sizes and line counts of `e` and its subtree; returns the
  // counts of the whole entity. Each byte is scanned once: containers add
  // up their children and scan only the gaps between them.
  Counts measure(Entity& e) {
    Counts head = count(e.header_begin, e.header_end);
    e.header_virtual_size = (e.header_end - e.header_begin) + head.bare_lf;
    Counts body;
    std::size_t cursor = e.body_begin;
    for (Entity& child : e.children) {
      std::size_t child_begin = std::max(cursor, child.header_begin);
      Counts gap = count(cursor, child_begin);
      Counts inner = measure(child);
      body.lines += gap.lines + inner.lines;
      body.bare_lf += gap.bare_lf + inner.bare_lf;
      cursor = std::max(child_begin, child.body_end);
    }
    Counts tail = count(std::min(cursor, e.body_end), e.body_end);
    body.lines += tail.lines;
    body.bare_lf += tail.bare_lf;
    e.body_lines = body.lines;
    e.body_virtual_size = (e.body_end - e.body_begin) + body.bare_lf;
    return Counts{head.lines + body.lines, head.bare_lf + body.bare_lf};
  }

  std::string_view raw_;
  Limits limits_;
  std::vector<std::string> boundaries_;
  std::size_t parts_ = 0;
  bool truncated_ = false;
};

}  // namespace

ParsedMessage parse_message(std::string_view raw, const Limits& limits) {
  return Parser(raw, limits).run();
}

std::string to_crlf(std::string_view raw) {
  std::string out;
  out.reserve(raw.size() + raw.size() / 32);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) out.push_back('\r');
    out.push_back(raw[i]);
  }
  return out;
}

}  // namespace mailsim::mime
