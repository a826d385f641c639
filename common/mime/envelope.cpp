#include "common/mime/envelope.hpp"

namespace mailsim::mime {

namespace {

// Dovecot sends the subject and display names "for humans": blank runs
// (line breaks and tabs included) become one space, none at either end.
std::string for_humans(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

std::optional<std::string> text_of(const std::vector<HeaderField>& headers, std::string_view name) {
  const HeaderField* f = find_last_field(headers, name);
  if (!f) return std::nullopt;
  return f->value;
}

std::vector<Address> addresses_of(const std::vector<HeaderField>& headers, std::string_view name,
                                  std::size_t max) {
  const HeaderField* f = find_last_field(headers, name);
  if (!f) return {};
  std::vector<Address> list = parse_address_list(f->value, max);
  for (Address& a : list) {
    if (a.name) a.name = for_humans(*a.name);
  }
  return list;
}

}  // namespace

Envelope envelope_of(const std::vector<HeaderField>& headers, std::size_t max_addresses) {
  Envelope env;
  env.date = text_of(headers, "Date");
  env.subject = text_of(headers, "Subject");
  if (env.subject) env.subject = for_humans(*env.subject);
  env.from = addresses_of(headers, "From", max_addresses);
  env.sender = addresses_of(headers, "Sender", max_addresses);
  env.reply_to = addresses_of(headers, "Reply-To", max_addresses);
  env.to = addresses_of(headers, "To", max_addresses);
  env.cc = addresses_of(headers, "Cc", max_addresses);
  env.bcc = addresses_of(headers, "Bcc", max_addresses);
  env.in_reply_to = text_of(headers, "In-Reply-To");
  env.message_id = text_of(headers, "Message-ID");
  // RFC 3501 section 7.4.2: absent Sender and Reply-To take From's value
  if (env.sender.empty()) env.sender = env.from;
  if (env.reply_to.empty()) env.reply_to = env.from;
  return env;
}

}  // namespace mailsim::mime
