#include "common/mime/content.hpp"

#include <functional>

#include "common/mime/charset.hpp"
#include "common/mime/transfer_decoding.hpp"

namespace mailsim::mime {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string join(const std::string& prefix, std::size_t n) {
  return prefix.empty() ? std::to_string(n) : prefix + "." + std::to_string(n);
}

using Visitor = std::function<bool(const Entity&, const std::string& number, const Entity* parent)>;

// Visits entities with their IMAP part numbers; the visitor returns false
// to skip an entity's insides.
void visit(const Entity& e, const std::string& number, const Entity* parent, const Visitor& f) {
  if (!f(e, number, parent)) return;
  if (e.is_multipart()) {
    for (std::size_t i = 0; i < e.children.size(); ++i) visit(e.children[i], join(number, i + 1), &e, f);
  } else if (const Entity* inner = e.encapsulated()) {
    visit(*inner, inner->is_multipart() ? number : join(number, 1), &e, f);
  }
}

void visit_message(const ParsedMessage& m, const Visitor& f) {
  visit(m.root, m.root.is_multipart() ? std::string() : std::string("1"), nullptr, f);
}

std::string filename_of(const Entity& e) {
  if (e.disposition) {
    if (auto name = e.disposition->params.decoded("filename")) return *name;
  }
  if (auto name = e.content_type.params.decoded("name")) return *name;
  return {};
}

bool is_attachment_disposition(const Entity& e) {
  return e.disposition && iequals(e.disposition->type, "attachment");
}

std::string charset_of(const Entity& e) {
  if (auto cs = e.content_type.params.decoded("charset")) {
    if (!cs->empty()) return *cs;
  }
  return "us-ascii";
}

}  // namespace

std::string part_number(const ParsedMessage& message, const Entity& entity) {
  std::string found;
  visit_message(message, [&](const Entity& e, const std::string& number, const Entity*) {
    if (&e == &entity) found = number;
    return found.empty();
  });
  return found;
}

std::vector<Attachment> attachments(const ParsedMessage& message, std::string_view raw) {
  std::vector<Attachment> out;
  visit_message(message, [&](const Entity& e, const std::string& number, const Entity* parent) {
    if (e.is_multipart()) return true;
    bool in_alternative = parent && parent->content_type.is("multipart", "alternative");
    std::string filename = filename_of(e);
    bool attached = e.is_message() || is_attachment_disposition(e) || !filename.empty() ||
                    (!e.content_type.is("text") && !in_alternative);
    if (&e == &message.root && !e.is_message() && e.content_type.is("text") && filename.empty()) {
      attached = false;
    }
    if (!attached) return true;
    Attachment a;
    a.entity = &e;
    a.part = number;
    a.filename = std::move(filename);
    a.content_type = lower(e.content_type.type) + "/" + lower(e.content_type.subtype);
    a.disposition = e.disposition ? lower(e.disposition->type) : std::string();
    a.decoded_size = decode_body(e, raw).size();
    out.push_back(std::move(a));
    return false;  // an attached message is one attachment
  });
  return out;
}

std::optional<TextBody> best_text(const ParsedMessage& message, std::string_view raw,
                                  std::string_view subtype) {
  std::function<const Entity*(const Entity&)> find = [&](const Entity& e) -> const Entity* {
    if (e.is_message()) return nullptr;  // an attached message's text is not this body
    if (e.is_multipart()) {
      if (e.content_type.is("multipart", "alternative")) {
        // the last alternative is the preferred one (RFC 2046 section 5.1.4)
        for (auto it = e.children.rbegin(); it != e.children.rend(); ++it) {
          if (const Entity* hit = find(*it)) return hit;
        }
        return nullptr;
      }
      for (const Entity& child : e.children) {
        if (const Entity* hit = find(child)) return hit;
      }
      return nullptr;
    }
    if (!e.content_type.is("text", subtype) || is_attachment_disposition(e)) return nullptr;
    return &e;
  };
  const Entity* hit = find(message.root);
  if (!hit) return std::nullopt;
  TextBody body;
  body.entity = hit;
  body.part = part_number(message, *hit);
  body.charset = charset_of(*hit);
  Utf8Text text = to_utf8(decode_body(*hit, raw), body.charset);
  body.text = std::move(text.text);
  body.converted = text.converted;
  return body;
}

std::string searchable_body(const ParsedMessage& message, std::string_view raw) {
  std::string out;
  visit_message(message, [&](const Entity& e, const std::string&, const Entity*) {
    if (e.kind == Entity::Kind::leaf && e.content_type.is("text")) {
      if (!out.empty()) out.push_back('\n');
      out += to_utf8(decode_body(e, raw), charset_of(e)).text;
    }
    return true;
  });
  return out;
}

}  // namespace mailsim::mime
