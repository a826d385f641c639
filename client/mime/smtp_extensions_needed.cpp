#include "client/mime/smtp_extensions_needed.hpp"

#include "client/mime/utf8.hpp"

namespace mailsim::client::mime {
namespace {

// Where the body starts: after the first empty line (CRLF, or a bare LF a
// careless producer wrote); the end when there is no body.
std::size_t body_start(std::string_view message) {
  if (message.starts_with("\r\n")) return 2;
  if (message.starts_with("\n")) return 1;
  const auto crlf = message.find("\r\n\r\n");
  const auto lf = message.find("\n\n");
  if (crlf == std::string_view::npos && lf == std::string_view::npos) return message.size();
  if (lf == std::string_view::npos || (crlf != std::string_view::npos && crlf < lf)) return crlf + 4;
  return lf + 2;
}

}  // namespace

bool needs_8bitmime(std::string_view message) { return !is_ascii(message.substr(body_start(message))); }

bool needs_smtputf8(std::string_view reverse_path, std::span<const std::string> recipients, std::string_view message) {
  if (!is_ascii(reverse_path)) return true;
  for (const auto& recipient : recipients) {
    if (!is_ascii(recipient)) return true;
  }
  return !is_ascii(message.substr(0, body_start(message)));
}

}  // namespace mailsim::client::mime
