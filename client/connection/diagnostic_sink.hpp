#pragma once
// Collects the diagnostics of one file as the loader and checks find them.
#include <string>
#include <utility>
#include <vector>

#include "client/connection/diagnostic.hpp"

namespace mailsim::client {

// 1-based; {0, 0} when there is no place to point at.
struct Position {
  int line = 0;
  int column = 0;
};

class DiagnosticSink {
 public:
  explicit DiagnosticSink(std::string file) : file_(std::move(file)) {}

  void error(Position at, std::string field, std::string message);
  void warning(Position at, std::string field, std::string message);

  // In file order (position-less ones first), stable for equal positions.
  std::vector<Diagnostic> take();

 private:
  void add(Severity severity, Position at, std::string field, std::string message);

  std::string file_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace mailsim::client
