#pragma once
// `mailsim serve` as a child process for the tests: started on a scenario,
// its endpoints read from the --json line, the admin API called with curl.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace mailsim::test {

// SMTP without TLS (AUTH PLAIN and XOAUTH2 offered), IMAP with a seeded
// INBOX, and the OAuth mock with a client that may use client_credentials.
extern const char* const kServeScenario;

struct AdminReply {
  int status = 0;
  nlohmann::json body;  // discarded when the answer was not JSON
};

class ServeProcess {
 public:
  // Starts `mailsim serve` on the scenario with --json and extra arguments
  // and reads the endpoints; fails the test when it does not come up.
  ServeProcess(const TempDir& dir, const std::string& scenario_text, std::vector<std::string> extra_args = {});
  ~ServeProcess();

  const nlohmann::json& endpoints() const { return summary_; }
  std::uint16_t port(const std::string& name) const;
  std::string admin_url() const { return summary_.value("admin_url", ""); }
  ChildProcess& child() { return *child_; }
  bool up() const { return !summary_.is_null(); }

  // method, path ("/api/messages"), optional JSON body and bearer token.
  AdminReply admin(const std::string& method, const std::string& path, const std::string& body = "",
                   const std::string& token = "") const;

 private:
  std::unique_ptr<ChildProcess> child_;
  nlohmann::json summary_;
};

// Sends one small message with curl over plain SMTP; returns curl's result.
RunResult send_with_curl(std::uint16_t port, const std::string& subject, const std::string& rcpt);

}  // namespace mailsim::test
