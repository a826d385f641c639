// Runs the whole bundled scenario library with the passwords, client secrets
// and tokens its files use, keeps every output (all transcripts, also of
// passing scenarios; the OAuth mock's request log; step results; JUnit and
// JSON reports; `mailsim run`'s own output and files) and finds none of them
// in any form.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/scenario/scenario_environment.hpp"
#include "harness/scenario/scenario_report.hpp"
#include "secrets/secret_scan.hpp"
#include "support/temp_dir.hpp"

namespace mailsim::test {
namespace {

namespace fs = std::filesystem;

const std::string kScenarios = std::string(MAILSIM_SOURCE_DIR) + "/scenarios";

std::vector<std::string> scenario_files() {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(kScenarios)) {
    const auto relative = fs::relative(entry.path(), kScenarios).string();
    // Adapters need a connector written in another language (as ctest skips them).
    if (entry.path().extension() == ".yaml" && !relative.starts_with("adapters/")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool literal(const std::string& value) { return !value.empty() && value.find("${") == std::string::npos; }

// password / client_secret fields of the connection, with the user beside them.
void collect_connection(const YAML::Node& node, const std::string& label, SecretSet& secrets,
                        std::vector<std::string>& users) {
  if (!node.IsMap()) return;
  const auto scalar = [&](const char* key) {
    return node[key] && node[key].IsScalar() ? node[key].as<std::string>() : std::string();
  };
  const auto user = scalar("user");
  if (literal(user)) users.push_back(user);
  if (const auto password = scalar("password"); literal(password)) {
    secrets.add_password(label + ": connection password of " + user, user, password);
  }
  if (const auto secret = scalar("client_secret"); literal(secret)) {
    secrets.add_client_secret(label + ": connection client_secret", scalar("client_id"), secret);
  }
  for (const auto& child : node) collect_connection(child.second, label, secrets, users);
}

struct LibraryRun {
  SecretSet secrets;
  std::vector<std::pair<std::string, std::string>> outputs;  // where, text
  std::vector<harness::ScenarioResult> results;
  std::size_t tokens = 0;
};

std::string render_requests(const oauth::AuthorizationServer& server) {
  std::string out;
  for (const auto& r : server.requests()) {
    out += r.client_id + " " + r.client_auth + " " + r.grant_type + " " + r.scope + " " + r.error;
    for (const auto& [name, value] : r.params) out += " " + name + "=" + value;
    out += "\n";
  }
  return out;
}

void run_one(const std::string& file, LibraryRun& run) {
  const std::string label = fs::relative(file, kScenarios).string();
  harness::ScenarioEnvironment env(file);
  std::vector<std::string> users;
  for (const auto& server : env.scenario().servers) {
    for (const auto& [user, password] : server.users) {
      users.push_back(user);
      run.secrets.add_password(label + ": password of " + user + " at " + server.name, user, password);
    }
  }
  if (const auto& oauth = env.scenario().oauth) {
    for (const auto& client : oauth->clients) {
      users.push_back(client.user);
      if (!client.secret.empty()) run.secrets.add_client_secret(label + ": secret of client " + client.id, client.id, client.secret);
    }
  }
  collect_connection(env.scenario().connection, label, run.secrets, users);

  auto result = env.run_steps();
  std::string steps;
  for (const auto& step : result.steps) steps += step + "\n";
  for (const auto& failure : result.failures) steps += failure.message + "\n";
  run.outputs.push_back({label + " steps", steps});
  run.outputs.push_back({label + " result transcripts", result.transcripts});
  for (const auto& server : env.scenario().servers) {
    std::string transcripts;
    if (server.protocol == harness::ServerProtocol::smtp) {
      for (const auto& session : env.smtp(server.name).transcripts()) transcripts += session.transcript->render();
    } else {
      for (const auto& transcript : env.imap(server.name).transcripts()) transcripts += transcript->render();
    }
    run.outputs.push_back({label + " transcripts of " + server.name, transcripts});
  }
  if (auto* oauth = env.oauth()) {
    run.outputs.push_back({label + " OAuth request log", render_requests(*oauth)});
    for (const auto& token : oauth->issued_tokens()) {
      run.secrets.add_token(label + ": an issued " + std::string(token.kind == oauth::TokenKind::access ? "access" : "refresh") +
                                " token",
                            token.value, users);
      ++run.tokens;
    }
  }
  if (const auto store = env.endpoints().find("token_store"); store != env.endpoints().end()) {
    run.outputs.push_back({label + " token store file", read_file(store->second)});
  }
  run.results.push_back(std::move(result));
}

std::vector<std::string> scan(const LibraryRun& run, const std::vector<std::pair<std::string, std::string>>& outputs) {
  std::vector<std::string> leaks;
  for (const auto& [where, text] : outputs) {
    auto found = find_leaks(run.secrets, text, where);
    leaks.insert(leaks.end(), found.begin(), found.end());
  }
  return leaks;
}

class ScenarioLibrarySecrets : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    run_ = new LibraryRun;
    for (const auto& file : scenario_files()) {
      try {
        run_one(file, *run_);
      } catch (const harness::ScenarioUnusable& e) {
        ADD_FAILURE() << file << " is unusable: " << e.what();
      }
    }
  }
  static void TearDownTestSuite() {
    delete run_;
    run_ = nullptr;
  }
  static LibraryRun* run_;
};
LibraryRun* ScenarioLibrarySecrets::run_ = nullptr;

TEST_F(ScenarioLibrarySecrets, TheLibraryUsesSecretsAndTokens) {
  // Guards the scan against finding nothing because it searched for nothing.
  EXPECT_GE(run_->results.size(), 40u);
  EXPECT_GE(run_->secrets.size(), 50u);
  EXPECT_GE(run_->tokens, 10u);
  EXPECT_GT(run_->outputs.size(), 100u);
}

TEST_F(ScenarioLibrarySecrets, NoneInTranscriptsStepsRequestLogsOrTokenStores) {
  EXPECT_EQ(scan(*run_, run_->outputs), std::vector<std::string>{});
}

TEST_F(ScenarioLibrarySecrets, NoneInJUnitOrJsonReports) {
  const std::vector<std::pair<std::string, std::string>> reports = {
      {"JUnit report", harness::format_junit(run_->results)},
      {"JSON report", harness::format_json(run_->results)},
      {"result table", harness::format_result_table(run_->results)}};
  EXPECT_EQ(scan(*run_, reports), std::vector<std::string>{});
}

// The command line in a child process: its tokens are not known here, so
// JWT-shaped strings count as leaks too.
TEST_F(ScenarioLibrarySecrets, NoneInMailsimRunOutputOrFiles) {
  TempDir dir;
  const auto junit = dir.path() + "/report.xml";
  const auto json = dir.path() + "/report.json";
  const auto result = run({MAILSIM_BINARY, "run", kScenarios, "--jobs", "2", "--junit", junit, "--json", json},
                          std::chrono::minutes(10));
  ASSERT_TRUE(result.exit_code == 0 || result.exit_code == 1) << result.err;
  const std::vector<std::pair<std::string, std::string>> outputs = {{"mailsim run stdout", result.out},
                                                                     {"mailsim run stderr", result.err},
                                                                     {"mailsim run --junit", read_file(junit)},
                                                                     {"mailsim run --json", read_file(json)}};
  ASSERT_NE(outputs[2].second.find("<testsuite"), std::string::npos);
  auto leaks = scan(*run_, outputs);
  for (const auto& [where, text] : outputs) {
    auto found = find_jwt_shapes(text, where);
    leaks.insert(leaks.end(), found.begin(), found.end());
  }
  EXPECT_EQ(leaks, std::vector<std::string>{});
}

}  // namespace
}  // namespace mailsim::test
