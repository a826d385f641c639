#pragma once
// Shared by the connection tests: load text under the name "conn.yaml" with
// a fake environment, and find diagnostics by field.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "client/connection/connection_loader.hpp"

namespace mailsim::client::test {

inline LoadResult load(std::string_view text, std::map<std::string, std::string> env = {}) {
  return load_connection_text(text, "conn.yaml", environment_from(std::move(env)));
}

inline std::vector<std::string> formatted(const LoadResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) out.push_back(format_diagnostic(d));
  return out;
}

// Every diagnostic, one a line: the message gtest prints when a test fails.
inline std::string dump(const LoadResult& r) {
  std::string out;
  for (const auto& line : formatted(r)) out += line + "\n";
  return out.empty() ? "(no diagnostics)\n" : out;
}

inline std::vector<Diagnostic> about(const LoadResult& r, std::string_view field) {
  std::vector<Diagnostic> out;
  for (const auto& d : r.diagnostics) {
    if (d.field == field) out.push_back(d);
  }
  return out;
}

// The one diagnostic about `field`; fails the test if there is not exactly one.
inline Diagnostic only(const LoadResult& r, std::string_view field) {
  auto found = about(r, field);
  EXPECT_EQ(found.size(), 1u) << "about " << field << ":\n" << dump(r);
  return found.empty() ? Diagnostic{} : found.front();
}

inline std::size_t count(const LoadResult& r, Severity s) {
  std::size_t n = 0;
  for (const auto& d : r.diagnostics) n += d.severity == s ? 1 : 0;
  return n;
}

}  // namespace mailsim::client::test
