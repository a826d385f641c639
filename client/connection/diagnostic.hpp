#pragma once
// One problem found in a connection file, with where it was written, in the
// compiler-like form editors and people already read.
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::client {

enum class Severity { error, warning };
std::string_view to_string(Severity s);

struct Diagnostic {
  Severity severity = Severity::error;
  std::string file;
  int line = 0;         // 1-based; 0 when the problem has no place in the file
  int column = 0;       // 1-based; 0 as for line
  std::string field;    // "outbound.port"; empty for the whole file
  std::string message;  // never holds a secret's value
};

// "conn.yaml:12:9: error: outbound.port: 70000 is out of range 1-65535"
std::string format_diagnostic(const Diagnostic& d);

bool has_errors(const std::vector<Diagnostic>& diagnostics);

}  // namespace mailsim::client
