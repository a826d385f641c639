#include "client/smtp/dot_stuffing.hpp"

namespace mailsim::client::smtp {

std::string dot_stuff(std::string_view message) {
  std::string out;
  append_dot_stuffed(out, message);
  return out;
}

void append_dot_stuffed(std::string& out, std::string_view message) {
  out.reserve(out.size() + message.size() + message.size() / 64 + 5);
  // A line at a time: only its first byte can need stuffing.
  for (std::size_t pos = 0; pos < message.size();) {
    const std::size_t lf = message.find('\n', pos);
    const std::size_t end = lf == std::string_view::npos ? message.size() : lf + 1;
    if (message[pos] == '.') out += '.';
    out.append(message.substr(pos, end - pos));
    pos = end;
  }
  if (!message.empty()) {
    if (message.back() != '\n') out += "\r\n";
    else if (message.size() < 2 || message[message.size() - 2] != '\r') out.insert(out.size() - 1, 1, '\r');
  }
  out += ".\r\n";
}

}  // namespace mailsim::client::smtp
