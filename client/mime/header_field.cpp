#include "client/mime/header_field.hpp"

namespace mailsim::client::mime {

std::string fold_header(std::string_view name, std::string_view value, std::size_t limit) {
  std::string out;
  out.reserve(name.size() + value.size() + 8);
  out += name;
  out += ':';
  // The space after the colon is a folding point like any other.
  const std::string text = " " + std::string(value);
  std::size_t line_start = 0;  // in out
  std::size_t pos = 0;         // in text
  while (pos < text.size()) {
    // The next piece runs from this space to just before the next one.
    auto next = text.find(' ', pos + 1);
    if (next == std::string::npos) next = text.size();
    const auto piece = std::string_view(text).substr(pos, next - pos);
    const std::size_t line_length = out.size() - line_start;
    bool line_is_blank = true;
    for (std::size_t i = line_start; i < out.size(); ++i) {
      if (out[i] != ' ' && out[i] != '\t') line_is_blank = false;
    }
    if (line_length + piece.size() > limit && line_length > 0 && !line_is_blank) {
      out += "\r\n";
      line_start = out.size();
    }
    out += piece;
    pos = next;
  }
  out += "\r\n";
  return out;
}

std::string single_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r' && text[i] != '\n') {
      out += text[i];
      continue;
    }
    out += ' ';
    while (i + 1 < text.size() && (text[i + 1] == '\r' || text[i + 1] == '\n')) ++i;
  }
  return out;
}

}  // namespace mailsim::client::mime
