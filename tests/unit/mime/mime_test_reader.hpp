#pragma once
// A deliberately small MIME reader for checking what the builder wrote:
// unfolds headers, splits multiparts, undoes transfer encodings. Test-only.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "client/mime/quoted_printable.hpp"
#include "common/base64.hpp"

namespace mailsim::client::mime::testing {

inline std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

inline std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find("\r\n", start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

struct Entity {
  std::vector<std::string> raw_header_lines;                // as written, folded
  std::vector<std::pair<std::string, std::string>> fields;  // unfolded, value without leading space
  std::string body;

  std::optional<std::string> field(std::string_view name) const {
    for (const auto& [n, v] : fields) {
      if (lower(n) == lower(name)) return v;
    }
    return std::nullopt;
  }

  std::size_t count(std::string_view name) const {
    return static_cast<std::size_t>(
        std::count_if(fields.begin(), fields.end(), [&](const auto& f) { return lower(f.first) == lower(name); }));
  }

  // The boundary="..." parameter of Content-Type.
  std::string boundary() const {
    const auto type = field("Content-Type").value_or("");
    const auto at = type.find("boundary=\"");
    if (at == std::string::npos) return "";
    const auto start = at + 10;
    return type.substr(start, type.find('"', start) - start);
  }

  // The body with its Content-Transfer-Encoding undone.
  std::string decoded_body() const {
    const auto cte = lower(field("Content-Transfer-Encoding").value_or("7bit"));
    if (cte == "base64") {
      std::string joined;
      for (const auto& line : split_lines(body)) joined += line;
      return base64_decode(joined).value_or("<bad base64>");
    }
    if (cte == "quoted-printable") return qp_decode(body).value_or("<bad quoted-printable>");
    return body;
  }
};

inline Entity parse_entity(std::string_view raw) {
  Entity e;
  const auto end = raw.find("\r\n\r\n");
  const auto head = raw.substr(0, end == std::string_view::npos ? raw.size() : end + 2);
  e.body = end == std::string_view::npos ? "" : std::string(raw.substr(end + 4));
  for (const auto& line : split_lines(head)) {
    e.raw_header_lines.push_back(line);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      e.fields.back().second += line;  // unfolding removes only the CRLF
      continue;
    }
    const auto colon = line.find(':');
    e.fields.emplace_back(line.substr(0, colon), colon + 1 < line.size() ? line.substr(colon + 2) : "");
  }
  return e;
}

// The parts of a multipart body, each as raw text, per RFC 2046 5.1.1.
inline std::vector<std::string> split_multipart(std::string_view body, std::string_view boundary) {
  const std::string delimiter = "--" + std::string(boundary);
  std::vector<std::string> parts;
  EXPECT_TRUE(body.starts_with(delimiter + "\r\n")) << "body must open with the first delimiter";
  std::size_t pos = delimiter.size() + 2;
  while (true) {
    const auto next = body.find("\r\n" + delimiter, pos);
    if (next == std::string_view::npos) {
      ADD_FAILURE() << "no closing delimiter";
      return parts;
    }
    parts.emplace_back(body.substr(pos, next - pos));
    pos = next + 2 + delimiter.size();
    if (body.substr(pos, 4) == "--\r\n") {
      EXPECT_EQ(pos + 4, body.size()) << "nothing may follow the close delimiter";
      return parts;
    }
    EXPECT_EQ(body.substr(pos, 2), "\r\n");
    pos += 2;
  }
}

}  // namespace mailsim::client::mime::testing
