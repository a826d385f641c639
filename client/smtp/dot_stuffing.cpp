#include "client/smtp/dot_stuffing.hpp"

namespace mailsim::client::smtp {

std::string dot_stuff(std::string_view message) {
  std::string out;
  out.reserve(message.size() + message.size() / 64 + 5);
  bool line_start = true;
  for (const char c : message) {
    if (line_start && c == '.') out += '.';
    out += c;
    line_start = c == '\n';
  }
  if (!message.empty()) {
    if (message.back() != '\n') out += "\r\n";
    else if (message.size() < 2 || message[message.size() - 2] != '\r') out.insert(out.size() - 1, 1, '\r');
  }
  out += ".\r\n";
  return out;
}

}  // namespace mailsim::client::smtp
