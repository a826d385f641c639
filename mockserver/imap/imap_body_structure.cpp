#include "mockserver/imap/imap_body_structure.hpp"

#include "mockserver/imap/imap_format.hpp"

namespace mailsim::mock::imap {
namespace {

void append_addresses(std::string& out, const std::vector<mime::Address>& list) {
  if (list.empty()) {
    out += "NIL";
    return;
  }
  out += '(';
  for (const auto& a : list) {
    out += '(';
    append_nstring_nolf(out, a.name);
    out += ' ';
    append_nstring_nolf(out, a.route);
    out += ' ';
    append_nstring_nolf(out, a.mailbox);
    out += ' ';
    append_nstring_nolf(out, a.host);
    out += ')';
  }
  out += ')';
}

// Parameters as a list; text parts get ("charset" "us-ascii") when they
// name no charset. NIL when there is nothing to write.
void append_params(std::string& out, const mime::ParamList& params, bool default_charset) {
  if (params.items.empty() && !default_charset) {
    out += "NIL";
    return;
  }
  out += '(';
  bool first = true;
  bool seen_charset = false;
  for (const auto& p : params.items) {
    if (!first) out += ' ';
    first = false;
    if (iequals_ascii(p.name, "charset")) seen_charset = true;
    append_string(out, p.name);
    out += ' ';
    append_string(out, p.value);
  }
  if (default_charset && !seen_charset) {
    if (!first) out += ' ';
    out += "\"charset\" \"us-ascii\"";
  }
  out += ')';
}

// disposition, language, location: the extension data common to all parts.
void append_common_extension(std::string& out, const mime::Entity& e) {
  out += ' ';
  if (!e.disposition) {
    out += "NIL";
  } else {
    out += '(';
    append_string(out, e.disposition->type);
    out += ' ';
    append_params(out, e.disposition->params, false);
    out += ')';
  }
  out += ' ';
  if (e.language.empty()) {
    out += "NIL";
  } else {
    out += '(';
    for (std::size_t i = 0; i < e.language.size(); ++i) {
      if (i > 0) out += ' ';
      append_string(out, e.language[i]);
    }
    out += ')';
  }
  out += ' ';
  append_nstring_nolf(out, e.location);
}

void append_part(std::string& out, const mime::Entity& e, bool extended);

void append_multipart(std::string& out, const mime::Entity& e, bool extended) {
  if (e.children.empty()) {
    // A multipart without parts is not allowed; like Dovecot, show one
    // empty text/plain part.
    out += extended ? "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0 NIL NIL NIL NIL)"
                    : "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0)";
  }
  for (const auto& child : e.children) append_part(out, child, extended);
  // A Content-Type without subtype shows "" (as Dovecot 2.3.19 does).
  out += ' ';
  append_string(out, e.content_type.subtype);
  if (!extended) return;
  out += ' ';
  append_params(out, e.content_type.params, false);
  append_common_extension(out, e);
}

void append_single(std::string& out, const mime::Entity& e, bool extended) {
  bool text = false;
  if (e.is_message()) {
    out += "\"message\" \"rfc822\"";
  } else if (e.content_type.defaulted) {
    text = true;
    out += "\"text\" \"plain\"";
  } else {
    text = iequals_ascii(e.content_type.type, "text");
    append_string(out, e.content_type.type);
    out += ' ';
    append_string(out, e.content_type.subtype);
  }
  out += ' ';
  if (e.content_type.defaulted) append_params(out, {}, text);
  else append_params(out, e.content_type.params, text);
  out += ' ';
  append_nstring_nolf(out, e.id);
  out += ' ';
  append_nstring_nolf(out, e.description);
  out += ' ';
  if (e.transfer_encoding_name.empty()) out += "\"7bit\"";
  else append_string(out, e.transfer_encoding_name);
  out += ' ';
  out += std::to_string(e.body_virtual_size);
  if (text) {
    out += ' ';
    out += std::to_string(e.body_lines);
  } else if (e.is_message()) {
    const mime::Entity* inner = e.encapsulated();
    out += ' ';
    if (inner) {
      append_envelope(out, mime::envelope_of(inner->headers));
      out += ' ';
      append_body_structure(out, *inner, extended);
    } else {
      out += "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL) ";
      out += extended ? "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0 NIL NIL NIL NIL)"
                      : "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0)";
    }
    out += ' ';
    out += std::to_string(e.body_lines);
  }
  if (!extended) return;
  out += ' ';
  append_nstring_nolf(out, e.md5);
  append_common_extension(out, e);
}

void append_part(std::string& out, const mime::Entity& e, bool extended) {
  append_body_structure(out, e, extended);
}

}  // namespace

void append_envelope(std::string& out, const mime::Envelope& env) {
  out += '(';
  append_nstring_nolf(out, env.date);
  out += ' ';
  append_nstring_nolf(out, env.subject);
  for (const auto* list : {&env.from, &env.sender, &env.reply_to, &env.to, &env.cc, &env.bcc}) {
    out += ' ';
    append_addresses(out, *list);
  }
  out += ' ';
  append_nstring_nolf(out, env.in_reply_to);
  out += ' ';
  append_nstring_nolf(out, env.message_id);
  out += ')';
}

void append_body_structure(std::string& out, const mime::Entity& entity, bool extended) {
  out += '(';
  if (entity.is_multipart()) append_multipart(out, entity, extended);
  else append_single(out, entity, extended);
  out += ')';
}

}  // namespace mailsim::mock::imap
