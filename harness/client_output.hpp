#pragma once
// What every `mailsim client` subcommand shares: loading the connection file
// (diagnostics as file:line:col), failures as reason + server words + hint,
// -v transcripts, the JSON document, and the exit code.
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "client/connection/connection_config.hpp"
#include "client/connection/diagnostic.hpp"
#include "client/connector/outcome.hpp"
#include "client/reason.hpp"

namespace mailsim::harness {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;    // the server or the network said no
inline constexpr int kExitUnusable = 2;  // the connection file, an argument or a file is unusable

// The options every client subcommand has.
struct ClientCommon {
  std::string connection;
  bool json = false;
  bool verbose = false;
};

// "outbound.port: ..." lines for people; objects for JSON.
void print_diagnostics(const std::vector<client::Diagnostic>& diagnostics, std::ostream& out);
nlohmann::json diagnostics_json(const std::vector<client::Diagnostic>& diagnostics);

// "error: auth_failed at authenticate" then server words, SASL challenge,
// detail and hint on indented lines.
void print_failure(const client::Failure& failure, std::ostream& out);

// 2 for a failure at Stage::config (our input was unusable), else 1.
int exit_code_for(const client::Failure& failure);

// Invalid UTF-8 from a server is replaced, never thrown about.
std::string dump_json(const nlohmann::json& document);

class CommandOutput {
 public:
  CommandOutput(const ClientCommon& common, std::string command, std::ostream& out, std::ostream& err);

  bool json() const { return common_.json; }
  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }
  // The JSON document being built (printed by finish / unusable).
  nlohmann::json& document() { return document_; }

  // Loads and checks the connection file. Errors (and warnings) are printed
  // and nullopt returned: the command then returns unusable(). Warnings of a
  // usable file go to stderr, or to stdout when warnings_on_stdout (Test
  // Connection prints them as part of its report), and into the JSON. With
  // -v the effective connection (secrets redacted) goes to stderr.
  std::optional<client::ConnectionConfig> load_connection(bool warnings_on_stdout = false);

  // Unusable input (exit 2), with a sentence saying what is wrong.
  int unusable(const std::string& message);
  // Exit 2 after load_connection() printed why.
  int unusable_connection();

  // Prints the outcome's failure (if any) and, with -v, its transcript;
  // emits the JSON document; returns the exit code.
  template <class T>
  int finish(const client::Outcome<T>& outcome) {
    return finish(outcome.failure, outcome.transcript, outcome.elapsed);
  }
  int finish(const std::optional<client::Failure>& failure, const std::vector<std::string>& transcript,
             std::chrono::milliseconds elapsed);

 private:
  ClientCommon common_;
  std::ostream& out_;
  std::ostream& err_;
  nlohmann::json document_;
};

}  // namespace mailsim::harness
