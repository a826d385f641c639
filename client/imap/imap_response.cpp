#include "client/imap/imap_response.hpp"

#include "client/imap/imap_ascii.hpp"

namespace mailsim::client::imap {

std::string_view to_string(Status s) {
  switch (s) {
    case Status::ok: return "OK";
    case Status::no: return "NO";
    case Status::bad: return "BAD";
    case Status::preauth: return "PREAUTH";
    case Status::bye: return "BYE";
  }
  return "?";
}

std::string StatusResponse::words() const {
  std::string out(to_string(status));
  if (code) {
    out += " [" + code->name;
    if (!code->arguments.empty()) out += " " + code->arguments;
    out += "]";
  }
  if (!text.empty()) out += " " + text;
  return out;
}

const SectionData* FetchData::section(std::string_view name) const {
  for (const auto& s : sections)
    if (iequals(s.section, name)) return &s;
  return nullptr;
}

}  // namespace mailsim::client::imap
