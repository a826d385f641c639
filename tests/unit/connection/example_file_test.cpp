// examples/connection.yaml documents every field: it must stay loadable.
#include <gtest/gtest.h>

#include "unit/connection/load_helpers.hpp"

namespace mailsim::client::test {
namespace {

TEST(ExampleConnectionFile, LoadsWithoutErrors) {
  const std::string path = std::string(MAILSIM_SOURCE_DIR) + "/examples/connection.yaml";
  const auto r = load_connection_file(path, environment_from({{"SMTP_PASSWORD", "x"}, {"OAUTH_CLIENT_SECRET", "z"}}));
  ASSERT_TRUE(r.ok()) << dump(r);
  EXPECT_TRUE(r.diagnostics.empty()) << dump(r);
  EXPECT_EQ(r.config.outbound.host, "smtp.example.com");
  EXPECT_EQ(r.config.outbound.password, "x");
  ASSERT_TRUE(r.config.inbound.oauth2);
  EXPECT_EQ(r.config.inbound.oauth2->client_secret, "z");
  EXPECT_EQ(r.config.inbound.oauth2->token_store, std::string(MAILSIM_SOURCE_DIR) + "/examples/tokens/inbound.json");
}

TEST(ExampleConnectionFile, NamesTheMissingVariables) {
  const std::string path = std::string(MAILSIM_SOURCE_DIR) + "/examples/connection.yaml";
  const auto r = load_connection_file(path, environment_from({}));
  EXPECT_FALSE(r.ok());
  bool named = false;
  for (const auto& d : r.diagnostics) named |= d.message == "environment variable SMTP_PASSWORD is not set";
  EXPECT_TRUE(named) << dump(r);
}

}  // namespace
}  // namespace mailsim::client::test
