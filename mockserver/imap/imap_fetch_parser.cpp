// FETCH attribute parsing (RFC 3501 fetch-att, with BODY[section]<partial>).
#include <utility>

#include "mockserver/imap/imap_argument_parsers.hpp"

namespace mailsim::mock::imap {
namespace {

using Kind = FetchItem::Kind;

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return s;
}

// Attribute names are letters, digits and dots ("RFC822.SIZE", "BODY.PEEK").
std::string read_att_name(ImapReader& r) {
  std::string name;
  while (!r.at_end()) {
    const char c = r.peek();
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.') {
      name += c;
      r.consume(c);
    } else {
      break;
    }
  }
  return upper(std::move(name));
}

bool read_section(ImapReader& r, FetchItem& item, std::string& error) {
  if (!r.consume('[')) {
    error = "Expected '['";
    return false;
  }
  auto text = r.until_close_bracket();
  if (!text) {
    error = r.error();
    return false;
  }
  r.consume(']');
  auto spec = mime::parse_section(*text);
  if (!spec) {
    error = "Invalid BODY[] section " + *text;
    return false;
  }
  item.kind = Kind::body_section;
  item.section = std::move(*spec);
  if (r.consume('<')) {
    auto origin = r.number();
    if (!origin || !r.consume('.')) {
      error = "Invalid partial";
      return false;
    }
    auto length = r.nz_number();
    if (!length || !r.consume('>')) {
      error = "Invalid partial";
      return false;
    }
    item.partial_origin = *origin;
    item.partial_length = *length;
  }
  return true;
}

bool read_fetch_att(ImapReader& r, std::vector<FetchItem>& items, std::string& error) {
  const std::string name = read_att_name(r);
  FetchItem item;
  if (name == "ENVELOPE") item.kind = Kind::envelope;
  else if (name == "FLAGS") item.kind = Kind::flags;
  else if (name == "INTERNALDATE") item.kind = Kind::internal_date;
  else if (name == "RFC822") item.kind = Kind::rfc822;
  else if (name == "RFC822.HEADER") item.kind = Kind::rfc822_header;
  else if (name == "RFC822.SIZE") item.kind = Kind::rfc822_size;
  else if (name == "RFC822.TEXT") item.kind = Kind::rfc822_text;
  else if (name == "BODYSTRUCTURE") item.kind = Kind::body_structure;
  else if (name == "UID") item.kind = Kind::uid;
  else if (name == "BODY" && r.peek() != '[') item.kind = Kind::body;
  else if (name == "BODY" || name == "BODY.PEEK") {
    item.peek = name == "BODY.PEEK";
    if (!read_section(r, item, error)) return false;
  } else {
    error = name.empty() ? "Invalid fetch attribute" : "Unknown fetch attribute " + name;
    return false;
  }
  items.push_back(std::move(item));
  return true;
}

}  // namespace

std::optional<std::vector<FetchItem>> read_fetch_items(ImapReader& r, std::string& error) {
  std::vector<FetchItem> items;
  if (r.consume('(')) {
    do {
      if (!read_fetch_att(r, items, error)) return std::nullopt;
    } while (r.consume(' '));
    if (!r.consume(')')) {
      error = "Expected ')' after fetch attributes";
      return std::nullopt;
    }
    return items;
  }
  auto macro = [&](std::initializer_list<Kind> kinds) {
    for (Kind k : kinds) {
      FetchItem item;
      item.kind = k;
      items.push_back(std::move(item));
    }
    return items;
  };
  if (r.keyword("ALL")) return macro({Kind::flags, Kind::internal_date, Kind::rfc822_size, Kind::envelope});
  if (r.keyword("FAST")) return macro({Kind::flags, Kind::internal_date, Kind::rfc822_size});
  if (r.keyword("FULL"))
    return macro({Kind::flags, Kind::internal_date, Kind::rfc822_size, Kind::envelope, Kind::body});
  if (!read_fetch_att(r, items, error)) return std::nullopt;
  return items;
}

}  // namespace mailsim::mock::imap
