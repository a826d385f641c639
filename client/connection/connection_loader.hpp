#pragma once
// Loads and validates a connection file before any network traffic: every
// problem is reported at once, each with file, line, column and field.
//
//   auto loaded = load_connection_file("conn.yaml");
//   for (const auto& d : loaded.diagnostics) std::cerr << format_diagnostic(d) << '\n';
//   if (!loaded.ok()) return 2;  // an unusable connection file
//   use(loaded.config);
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "client/connection/connection_config.hpp"
#include "client/connection/diagnostic.hpp"
#include "client/connection/environment.hpp"

namespace mailsim::client {

struct LoadResult {
  // Defaults wherever the file is silent; a field the file got wrong keeps
  // its default too. Use it only when ok().
  ConnectionConfig config;
  std::vector<Diagnostic> diagnostics;  // errors and warnings, in file order

  bool ok() const { return !has_errors(diagnostics); }
};

// Far above any real connection file; a larger one is refused unread.
inline constexpr std::size_t kMaxConnectionFileBytes = 1024 * 1024;

// Relative paths in the file (tls.ca_file, oauth2.token_store) are taken
// from the file's folder.
LoadResult load_connection_file(const std::string& path, const Environment& env = process_environment());

// name is what diagnostics call the text, and stands for its path when
// resolving relative paths (its folder, if it has one; else as written).
LoadResult load_connection_text(std::string_view text, const std::string& name,
                                const Environment& env = process_environment());

// The connection as a node of a larger YAML document (a scenario's
// `connection:`), so diagnostics keep that document's lines and columns.
LoadResult load_connection_node(const YAML::Node& root, const std::string& name,
                                const Environment& env = process_environment());

}  // namespace mailsim::client
