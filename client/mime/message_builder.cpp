#include "client/mime/message_builder.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string_view>

#include "client/mime/body_encoding.hpp"
#include "client/mime/date_header.hpp"
#include "client/mime/encoded_word.hpp"
#include "client/mime/header_field.hpp"
#include "client/mime/message_id.hpp"
#include "client/mime/mime_parameter.hpp"
#include "client/mime/utf8.hpp"

namespace mailsim::client::mime {
namespace {

// Below RFC 5322's hard limit of 998 with room for the field name: longer
// space-free runs are written as encoded words, which can be folded.
constexpr std::size_t kMaxUnbrokenRun = 900;

struct Part {
  std::string headers;  // folded fields, each ending in CRLF
  std::string body;     // ends in CRLF unless empty
};

std::string render(const Part& part) { return part.headers + "\r\n" + part.body; }

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument(what);
}

std::size_t longest_unbroken_run(std::string_view text) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (const char c : text) {
    run = c == ' ' ? 0 : run + 1;
    longest = std::max(longest, run);
  }
  return longest;
}

std::string join(const std::vector<std::string>& pieces, std::string_view separator) {
  std::string out;
  for (const auto& piece : pieces) {
    if (!out.empty()) out += separator;
    out += piece;
  }
  return out;
}

// An unstructured field (RFC 5322 3.2.5) such as Subject.
std::string unstructured_field(std::string_view name, std::string_view raw_value) {
  const std::string value = single_line(raw_value);
  if (!needs_encoded_words(value) && longest_unbroken_run(value) <= kMaxUnbrokenRun) return fold_header(name, value);
  const std::size_t used = name.size() + 2;  // "Name: "
  const std::size_t room = used < kEncodedWordLineLimit ? kEncodedWordLineLimit - used : 0;
  return fold_header(name, join(encode_words(value, room), " "), kEncodedWordLineLimit);
}

std::string address_field(std::string_view name, const std::vector<Mailbox>& mailboxes) {
  const bool encoded = std::any_of(mailboxes.begin(), mailboxes.end(),
                                   [](const Mailbox& m) { return needs_encoded_words(single_line(m.name)); });
  return fold_header(name, format_mailbox_list(mailboxes), encoded ? kEncodedWordLineLimit : kHeaderLineLimit);
}

void check_mailboxes(std::string_view field, const std::vector<Mailbox>& mailboxes) {
  for (std::size_t i = 0; i < mailboxes.size(); ++i) {
    const std::string where = std::string(field) + " entry " + std::to_string(i + 1);
    require(is_valid_address(mailboxes[i].address), "invalid address in " + where);
    require(is_valid_utf8(mailboxes[i].name), "display name in " + where + " is not valid UTF-8");
  }
}

// RFC 2045 token: printable ASCII except space and tspecials.
bool is_token(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7F || std::string_view("()<>@,;:\\\"/[]?=").find(c) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

bool is_media_type(std::string_view type) {
  const auto slash = type.find('/');
  return slash != std::string_view::npos && is_token(type.substr(0, slash)) && is_token(type.substr(slash + 1));
}

// RFC 5322 ftext: printable ASCII except ":".
bool is_field_name(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 33 && byte <= 126 && c != ':';
  });
}

bool is_builder_field(std::string_view name) {
  constexpr std::string_view kOwn[] = {"Date",
                                       "From",
                                       "Sender",
                                       "To",
                                       "Cc",
                                       "Bcc",
                                       "Subject",
                                       "Message-ID",
                                       "MIME-Version",
                                       "Content-Type",
                                       "Content-Transfer-Encoding",
                                       "Content-Disposition"};
  return std::any_of(std::begin(kOwn), std::end(kOwn), [&](std::string_view own) { return iequals(own, name); });
}

void check_message(const OutgoingMessage& m) {
  require(!m.from.address.empty(), "the message has no From address");
  check_mailboxes("From", {m.from});
  check_mailboxes("To", m.to);
  check_mailboxes("Cc", m.cc);
  check_mailboxes("Bcc", m.bcc);
  require(is_valid_utf8(m.subject), "the Subject is not valid UTF-8");
  require(!m.text || is_valid_utf8(*m.text), "the text body is not valid UTF-8");
  require(!m.html || is_valid_utf8(*m.html), "the HTML body is not valid UTF-8");
  for (std::size_t i = 0; i < m.attachments.size(); ++i) {
    const auto& a = m.attachments[i];
    const std::string where = "attachment " + std::to_string(i + 1);
    require(a.content_type.empty() || is_media_type(a.content_type),
            "the content type of " + where + " is not type/subtype");
    require(is_valid_utf8(a.file_name), "the file name of " + where + " is not valid UTF-8");
    require(std::none_of(a.file_name.begin(), a.file_name.end(),
                         [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }),
            "the file name of " + where + " holds control characters");
  }
  for (const auto& [name, value] : m.extra_headers) {
    require(is_field_name(name), "extra header name is not a valid field name");
    require(!is_builder_field(name), "extra header " + name + " is one the builder writes itself");
    require(is_valid_utf8(value), "the value of extra header " + name + " is not valid UTF-8");
  }
}

// Hands out ids and boundaries; a boundary is re-drawn (with a counter, so
// a constant generator cannot loop) until no part contains it.
class Ids {
 public:
  explicit Ids(const BuildOptions& options) : options_(options) {}

  std::string next() {
    std::string id = options_.unique_id ? options_.unique_id() : random_unique_id();
    require(is_valid_unique_id(id), "BuildOptions::unique_id gave an id that is not 1-48 of [A-Za-z0-9._-]");
    return id;
  }

  // "=_" cannot occur in quoted-printable or base64 text, so only 7bit
  // bodies and nested boundaries can ever collide.
  std::string boundary(const std::vector<std::string>& contents) {
    const std::string base = "=_" + next();
    std::string candidate = base;
    for (std::size_t n = 1; std::any_of(contents.begin(), contents.end(),
                                        [&](const std::string& c) { return c.find(candidate) != std::string::npos; });
         ++n) {
      candidate = base + "." + std::to_string(n);
    }
    return candidate;
  }

 private:
  const BuildOptions& options_;
};

Part text_part(std::string_view text, std::string_view subtype) {
  auto body = encode_text_body(text);
  Part part;
  part.headers = fold_header("Content-Type", "text/" + std::string(subtype) + "; charset=utf-8") +
                 fold_header("Content-Transfer-Encoding", body.transfer_encoding);
  part.body = std::move(body.content);
  return part;
}

Part attachment_part(const Attachment& a) {
  const std::string type = a.content_type.empty() ? "application/octet-stream" : a.content_type;
  std::vector<std::string> type_value{type};
  std::vector<std::string> disposition{"attachment"};
  bool encoded_name = false;
  if (!a.file_name.empty()) {
    // Old readers know only the RFC 2047 name= of Content-Type; others read
    // the RFC 2231 filename*= of Content-Disposition.
    if (needs_encoded_words(a.file_name)) {
      // Room for ' name="' before the first word and the closing quote after
      // the last (a single word has both).
      const auto words = encode_words(a.file_name, kEncodedWordLineLimit - 8, kEncodedWordLineLimit - 2);
      type_value.push_back("name=\"" + join(words, " ") + "\"");
      encoded_name = true;
    } else {
      const auto name = encode_parameter("name", a.file_name);
      type_value.insert(type_value.end(), name.begin(), name.end());
    }
    const auto file_name = encode_parameter("filename", a.file_name);
    disposition.insert(disposition.end(), file_name.begin(), file_name.end());
  }
  Part part;
  part.headers =
      fold_header("Content-Type", join(type_value, "; "), encoded_name ? kEncodedWordLineLimit : kHeaderLineLimit) +
      fold_header("Content-Disposition", join(disposition, "; ")) + fold_header("Content-Transfer-Encoding", "base64");
  part.body = base64_lines(a.bytes);
  return part;
}

Part multipart(std::string_view subtype, const std::vector<Part>& parts, Ids& ids) {
  std::vector<std::string> rendered;
  rendered.reserve(parts.size());
  for (const auto& part : parts) rendered.push_back(render(part));
  const std::string boundary = ids.boundary(rendered);
  Part out;
  out.headers = fold_header("Content-Type", "multipart/" + std::string(subtype) + "; boundary=\"" + boundary + "\"");
  // The CRLF before each delimiter belongs to the delimiter (RFC 2046
  // 5.1.1), so every part keeps its own final line break.
  for (const auto& r : rendered) out.body += "--" + boundary + "\r\n" + r + "\r\n";
  out.body += "--" + boundary + "--\r\n";
  return out;
}

std::optional<Part> body_part(const OutgoingMessage& m, Ids& ids) {
  if (m.text && m.html) return multipart("alternative", {text_part(*m.text, "plain"), text_part(*m.html, "html")}, ids);
  if (m.html) return text_part(*m.html, "html");
  if (m.text) return text_part(*m.text, "plain");
  return std::nullopt;
}

Part root_part(const OutgoingMessage& m, Ids& ids) {
  auto body = body_part(m, ids);
  if (m.attachments.empty()) return body ? std::move(*body) : text_part("", "plain");
  std::vector<Part> parts;
  if (body) parts.push_back(std::move(*body));
  for (const auto& a : m.attachments) parts.push_back(attachment_part(a));
  return multipart("mixed", parts, ids);
}

}  // namespace

std::string build_message(const OutgoingMessage& m, const BuildOptions& options) {
  check_message(m);
  Ids ids(options);
  std::string out;
  out += fold_header("Date", format_date(options.date, options.utc_offset));
  out += address_field("From", {m.from});
  if (!m.to.empty()) out += address_field("To", m.to);
  if (!m.cc.empty()) out += address_field("Cc", m.cc);
  if (!m.subject.empty()) out += unstructured_field("Subject", m.subject);
  out += fold_header("Message-ID", make_message_id(ids.next(), m.from.address));
  for (const auto& [name, value] : m.extra_headers) out += unstructured_field(name, value);
  out += fold_header("MIME-Version", "1.0");
  const Part root = root_part(m, ids);
  out += render(root);
  return out;
}

std::vector<std::string> envelope_recipients(const OutgoingMessage& m) {
  std::vector<std::string> out;
  for (const auto* list : {&m.to, &m.cc, &m.bcc}) {
    for (const auto& mailbox : *list) {
      if (std::find(out.begin(), out.end(), mailbox.address) == out.end()) out.push_back(mailbox.address);
    }
  }
  return out;
}

}  // namespace mailsim::client::mime
