#include "client/imap/imap_fetch_parser.hpp"

#include "client/imap/imap_ascii.hpp"

namespace mailsim::client::imap {
namespace {

// More optional items follow inside the current list.
bool more(Tokenizer& t) { return t.skip_spaces() && t.peek() != ')'; }

// A string where the grammar wants one; NIL (sent by some servers) is "".
std::string string_or_nil(Tokenizer& t) {
  if (t.nil()) return {};
  if (t.peek() == '"' || t.peek() == '{') return t.string();
  return std::string(t.atom());
}

Address parse_address(Tokenizer& t) {
  Address a;
  t.open_list();
  a.name = t.nstring();
  t.expect_space();
  a.route = t.nstring();
  t.expect_space();
  a.mailbox = t.nstring();
  t.expect_space();
  a.host = t.nstring();
  t.close_list();
  return a;
}

AddressList parse_address_list(Tokenizer& t) {
  AddressList out;
  if (t.nil()) return out;
  t.open_list();
  std::optional<AddressGroup> group;
  t.skip_spaces();
  while (t.peek() != ')') {
    Address a = parse_address(t);
    t.skip_spaces();
    if (a.host) {
      if (group)
        group->members.push_back(std::move(a));
      else
        out.emplace_back(std::move(a));
    } else if (a.mailbox) {
      // Group start: (NIL NIL "group name" NIL). A nested start closes the
      // previous group; RFC 5322 groups do not nest.
      if (group) out.emplace_back(std::move(*group));
      group = AddressGroup{*a.mailbox, {}};
    } else if (group) {
      out.emplace_back(std::move(*group));  // group end: (NIL NIL NIL NIL)
      group.reset();
    }
  }
  if (group) out.emplace_back(std::move(*group));
  t.close_list();
  return out;
}

BodyParams parse_params(Tokenizer& t) {
  BodyParams out;
  if (t.nil()) return out;
  t.open_list();
  t.skip_spaces();
  while (t.peek() != ')') {
    std::string key = string_or_nil(t);
    t.expect_space();
    std::string value = string_or_nil(t);
    out.emplace_back(std::move(key), std::move(value));
    t.skip_spaces();
  }
  t.close_list();
  return out;
}

std::optional<BodyDisposition> parse_disposition(Tokenizer& t) {
  if (t.nil()) return std::nullopt;
  BodyDisposition d;
  t.open_list();
  d.type = string_or_nil(t);
  t.expect_space();
  d.params = parse_params(t);
  t.close_list();
  return d;
}

std::vector<std::string> parse_language(Tokenizer& t) {
  std::vector<std::string> out;
  if (t.nil()) return out;
  if (t.peek() != '(') {
    out.push_back(t.string());
    return out;
  }
  t.open_list();
  t.skip_spaces();
  while (t.peek() != ')') {
    out.push_back(string_or_nil(t));
    t.skip_spaces();
  }
  t.close_list();
  return out;
}

// Disposition, language, location and further extensions: common to
// single-part and multipart extension data after their first field.
void parse_extension_tail(Tokenizer& t, BodyStructure& body) {
  if (!more(t)) return;
  body.disposition = parse_disposition(t);
  if (!more(t)) return;
  body.language = parse_language(t);
  if (!more(t)) return;
  body.location = t.nstring();
  while (more(t)) body.extensions.push_back(t.value());
}

void parse_multipart(Tokenizer& t, BodyStructure& body) {
  body.type = "MULTIPART";
  while (t.peek() == '(') {
    body.children.push_back(parse_body_structure(t));
    t.skip_spaces();
  }
  body.subtype = string_or_nil(t);
  if (!more(t)) return;
  body.has_extension_data = true;
  body.params = parse_params(t);
  parse_extension_tail(t, body);
}

void parse_single_part(Tokenizer& t, BodyStructure& body) {
  body.type = string_or_nil(t);
  t.expect_space();
  body.subtype = string_or_nil(t);
  t.expect_space();
  body.params = parse_params(t);
  t.expect_space();
  body.id = t.nstring();
  t.expect_space();
  body.description = t.nstring();
  t.expect_space();
  body.encoding = string_or_nil(t);
  t.expect_space();
  body.size = t.number();

  const std::string type = ascii_upper(body.type);
  const std::string subtype = ascii_upper(body.subtype);
  bool has_more = more(t);
  if (type == "TEXT") {
    if (!has_more) return;  // lines are mandatory for text, but a few servers leave them out
    body.lines = t.number();
    has_more = more(t);
  } else if (type == "MESSAGE" && (subtype == "RFC822" || subtype == "GLOBAL") && has_more && t.peek() == '(') {
    // The envelope is a list; extension data would start with md5 (nstring).
    body.envelope = parse_envelope(t);
    t.expect_space();
    body.children.push_back(parse_body_structure(t));
    t.expect_space();
    body.lines = t.number();
    has_more = more(t);
  }
  if (!has_more) return;
  body.has_extension_data = true;
  body.md5 = t.nstring();
  parse_extension_tail(t, body);
}

// BODY[<section>]<<origin>> after the name: section text, then origin.
SectionData parse_section_spec(Tokenizer& t) {
  SectionData s;
  t.expect('[');
  s.section = std::string(t.until(']'));
  t.expect(']');
  if (t.consume('<')) {
    s.origin = t.number();
    t.expect('>');
  }
  return s;
}

std::vector<std::string> parse_flag_list(Tokenizer& t) {
  std::vector<std::string> out;
  t.open_list();
  t.skip_spaces();
  while (t.peek() != ')') {
    out.emplace_back(t.flag());
    t.skip_spaces();
  }
  t.close_list();
  return out;
}

void parse_fetch_item(Tokenizer& t, FetchData& out) {
  const std::string name = ascii_upper(t.atom_before('['));
  if (t.peek() == '[' && (name == "BODY" || name == "BINARY")) {
    SectionData s = parse_section_spec(t);
    t.expect_space();
    if (name == "BINARY") {
      out.other.emplace_back(name + "[" + s.section + "]", t.value());
      return;
    }
    s.data = t.nstring();
    out.sections.push_back(std::move(s));
    return;
  }
  t.expect_space();
  if (name == "UID") {
    out.uid = t.number32();
  } else if (name == "FLAGS") {
    out.flags = parse_flag_list(t);
  } else if (name == "INTERNALDATE") {
    out.internal_date = t.nstring();
  } else if (name == "RFC822.SIZE") {
    out.rfc822_size = t.number();
  } else if (name == "ENVELOPE") {
    out.envelope = parse_envelope(t);
  } else if (name == "BODYSTRUCTURE" || name == "BODY") {
    out.body_structure = parse_body_structure(t);
  } else if (name == "RFC822" || name == "RFC822.HEADER" || name == "RFC822.TEXT") {
    SectionData s;
    s.section = name == "RFC822" ? "" : name.substr(7);
    s.data = t.nstring();
    out.sections.push_back(std::move(s));
  } else if (name == "MODSEQ") {
    t.open_list();
    out.modseq = t.number();
    t.close_list();
  } else {
    out.other.emplace_back(name, t.value());
  }
}

}  // namespace

Envelope parse_envelope(Tokenizer& t) {
  Envelope e;
  t.open_list();
  e.date = t.nstring();
  t.expect_space();
  e.subject = t.nstring();
  t.expect_space();
  e.from = parse_address_list(t);
  t.expect_space();
  e.sender = parse_address_list(t);
  t.expect_space();
  e.reply_to = parse_address_list(t);
  t.expect_space();
  e.to = parse_address_list(t);
  t.expect_space();
  e.cc = parse_address_list(t);
  t.expect_space();
  e.bcc = parse_address_list(t);
  t.expect_space();
  e.in_reply_to = t.nstring();
  t.expect_space();
  e.message_id = t.nstring();
  t.close_list();
  return e;
}

BodyStructure parse_body_structure(Tokenizer& t) {
  BodyStructure body;
  t.open_list();
  if (t.peek() == '(')
    parse_multipart(t, body);
  else
    parse_single_part(t, body);
  t.close_list();
  return body;
}

FetchData parse_fetch_attributes(Tokenizer& t, std::uint32_t sequence) {
  FetchData out;
  out.sequence = sequence;
  t.open_list();
  t.skip_spaces();
  while (t.peek() != ')') {
    parse_fetch_item(t, out);
    t.skip_spaces();
  }
  t.close_list();
  return out;
}

}  // namespace mailsim::client::imap
