#include "harness/client_output.hpp"

#include <fmt/format.h>

#include "client/connection/connection_loader.hpp"
#include "client/connection/connection_print.hpp"
#include "client/connector/test_connection_format.hpp"

namespace mailsim::harness {

void print_diagnostics(const std::vector<client::Diagnostic>& diagnostics, std::ostream& out) {
  for (const auto& d : diagnostics) out << client::format_diagnostic(d) << "\n";
}

nlohmann::json diagnostics_json(const std::vector<client::Diagnostic>& diagnostics) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& d : diagnostics) {
    list.push_back({{"severity", client::to_string(d.severity)},
                    {"file", d.file},
                    {"line", d.line},
                    {"column", d.column},
                    {"field", d.field},
                    {"message", d.message},
                    {"text", client::format_diagnostic(d)}});
  }
  return list;
}

void print_failure(const client::Failure& f, std::ostream& out) {
  out << fmt::format("error: {} at {}\n", client::to_string(f.reason), client::to_string(f.stage));
  if (!f.server_words.empty()) out << fmt::format("  server: {}\n", f.server_words);
  if (!f.sasl_error.empty()) out << fmt::format("  sasl:   {}\n", f.sasl_error);
  if (!f.detail.empty()) out << fmt::format("  detail: {}\n", f.detail);
  const std::string hint = f.hint.empty() ? std::string(client::default_hint(f.reason)) : f.hint;
  if (!hint.empty()) out << fmt::format("  hint:   {}\n", hint);
}

int exit_code_for(const client::Failure& failure) {
  return failure.stage == client::Stage::config ? kExitUnusable : kExitFailed;
}

std::string dump_json(const nlohmann::json& document) {
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

CommandOutput::CommandOutput(const ClientCommon& common, std::string command, std::ostream& out, std::ostream& err)
    : common_(common), out_(out), err_(err) {
  document_["command"] = std::move(command);
}

std::optional<client::ConnectionConfig> CommandOutput::load_connection(bool warnings_on_stdout) {
  auto loaded = client::load_connection_file(common_.connection);
  document_["diagnostics"] = diagnostics_json(loaded.diagnostics);
  if (!loaded.ok()) {
    if (!json()) {
      print_diagnostics(loaded.diagnostics, err_);
      err_ << fmt::format("error: {} is not a usable connection file\n", common_.connection);
    }
    return std::nullopt;
  }
  // Warnings (verification turned off ...) reach the person on stderr under --json too.
  print_diagnostics(loaded.diagnostics, json() || !warnings_on_stdout ? err_ : out_);
  if (common_.verbose && !json())
    err_ << "effective connection (secrets redacted):\n" << client::redacted_yaml(loaded.config) << "\n";
  if (common_.verbose) document_["connection"] = client::redacted_yaml(loaded.config);
  return std::move(loaded.config);
}

int CommandOutput::unusable(const std::string& message) {
  if (json()) {
    document_["ok"] = false;
    document_["failure"] = {{"reason", "config_invalid"}, {"stage", "config"}, {"detail", message}};
    out_ << dump_json(document_);
  } else {
    err_ << "error: " << message << "\n";
  }
  return kExitUnusable;
}

int CommandOutput::unusable_connection() {
  if (json()) {
    document_["ok"] = false;
    document_["failure"] = {{"reason", "config_invalid"},
                            {"stage", "config"},
                            {"detail", common_.connection + " is not a usable connection file"}};
    out_ << dump_json(document_);
  }
  return kExitUnusable;
}

int CommandOutput::finish(const std::optional<client::Failure>& failure, const std::vector<std::string>& transcript,
                          std::chrono::milliseconds elapsed) {
  if (json()) {
    document_["ok"] = !failure;
    document_["failure"] = failure ? client::failure_json(*failure) : nlohmann::json(nullptr);
    document_["elapsed_ms"] = elapsed.count();
    if (common_.verbose) document_["transcript"] = transcript;
    out_ << dump_json(document_);
  } else {
    if (failure) print_failure(*failure, err_);
    if (common_.verbose) {
      err_ << "transcript (secrets redacted):\n";
      for (const auto& line : transcript) err_ << "  " << line << "\n";
    }
  }
  return failure ? exit_code_for(*failure) : kExitOk;
}

}  // namespace mailsim::harness
