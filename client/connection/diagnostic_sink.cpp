#include "client/connection/diagnostic_sink.hpp"

#include <algorithm>

namespace mailsim::client {

void DiagnosticSink::error(Position at, std::string field, std::string message) {
  add(Severity::error, at, std::move(field), std::move(message));
}

void DiagnosticSink::warning(Position at, std::string field, std::string message) {
  add(Severity::warning, at, std::move(field), std::move(message));
}

void DiagnosticSink::add(Severity severity, Position at, std::string field, std::string message) {
  diagnostics_.push_back(Diagnostic{severity, file_, at.line, at.column, std::move(field), std::move(message)});
}

std::vector<Diagnostic> DiagnosticSink::take() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return std::move(diagnostics_);
}

}  // namespace mailsim::client
