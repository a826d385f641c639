#include "common/mime/content_fields.hpp"

#include "common/mime/rfc822_lexer.hpp"

namespace mailsim::mime::detail {

namespace {

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

struct TypeText {
  std::string text;  // "type/subtype" (or less, when broken)
  bool ok = false;   // both halves present: parameters may follow
  std::size_t params_at = 0;
};

TypeText read_type(std::string_view value) {
  TypeText t;
  Rfc822Lexer lx(value);
  lx.skip_lwsp();
  t.ok = lx.content_type(t.text) >= 0;
  t.params_at = lx.pos();
  return t;
}

}  // namespace

BodyKind classify_body(const Entity& entity) {
  BodyKind kind;
  const HeaderField* ct = find_field(entity.headers, "Content-Type");
  if (!ct) return kind;
  kind.has_content_type = true;
  TypeText t = read_type(ct->value);
  if (iequals(t.text, "message/rfc822")) {
    kind.rfc822 = true;
  } else if (starts_with_ci(t.text, "multipart/")) {
    kind.multipart = true;
    kind.digest = iequals(std::string_view(t.text).substr(10), "digest");
  }
  if (kind.multipart && t.ok) {
    ParamList params = parse_params(std::string_view(ct->value).substr(t.params_at));
    for (const auto& p : params.items) {
      if (iequals(p.name, "boundary")) {
        kind.boundary = p.value;
        break;
      }
    }
  }
  return kind;
}

void read_content_fields(Entity& e) {
  bool have_type = false, have_encoding = false;
  for (const HeaderField& f : e.headers) {
    if (!starts_with_ci(f.name, "Content-")) continue;
    std::string_view name = std::string_view(f.name).substr(8);
    if (iequals(name, "Type") && !have_type) {
      have_type = true;
      TypeText t = read_type(f.value);
      std::size_t slash = t.text.find('/');
      e.content_type.type = t.text.substr(0, slash);
      e.content_type.subtype = slash == std::string::npos ? std::string() : t.text.substr(slash + 1);
      e.content_type.defaulted = false;
      if (t.ok) e.content_type.params = parse_params(std::string_view(f.value).substr(t.params_at));
    } else if (iequals(name, "Transfer-Encoding") && !have_encoding) {
      // only a lone token counts; a broken one leaves room for a later field
      Rfc822Lexer lx(f.value);
      lx.skip_lwsp();
      std::string token;
      if (lx.mime_token(token) >= 0 && lx.skip_lwsp() == 0 && !token.empty()) {
        e.transfer_encoding_name = token;
        have_encoding = true;
      }
    } else if (iequals(name, "Disposition") &&
               (!e.disposition || e.disposition->params.items.empty())) {
      Rfc822Lexer lx(f.value);
      lx.skip_lwsp();
      std::string token;
      if (lx.mime_token(token) < 0) continue;
      ContentDisposition d;
      d.type = token;
      d.params = parse_params(lx.rest());
      e.disposition = std::move(d);
    } else if (iequals(name, "ID")) {
      if (!e.id) e.id = f.value;
    } else if (iequals(name, "Description")) {
      if (!e.description) e.description = f.value;
    } else if (iequals(name, "MD5")) {
      if (!e.md5) e.md5 = f.value;
    } else if (iequals(name, "Location")) {
      if (!e.location) e.location = f.value;
    } else if (iequals(name, "Language") && e.language.empty()) {
      Rfc822Lexer lx(f.value);
      lx.skip_lwsp();
      std::string tag;
      while (lx.atom(tag) >= 0) {
        e.language.push_back(tag);
        tag.clear();
        if (lx.at_end() || lx.peek() != ',') break;
        lx.advance();
        lx.skip_lwsp();
      }
    }
  }
}

}  // namespace mailsim::mime::detail
