#include "client/connection/environment.hpp"

#include <gtest/gtest.h>

namespace mailsim::client {
namespace {

const Environment kEnv = environment_from({{"SMTP_PASSWORD", "pw"}, {"EMPTY", ""}, {"_X1", "x"}});

TEST(ExpandReferences, ReplacesEachReference) {
  auto e = expand_references("${SMTP_PASSWORD}", kEnv);
  EXPECT_EQ(e.value, "pw");
  EXPECT_TRUE(e.missing.empty());
  EXPECT_FALSE(e.syntax_error);
  EXPECT_EQ(expand_references("a-${_X1}-${SMTP_PASSWORD}-b", kEnv).value, "a-x-pw-b");
  EXPECT_EQ(expand_references("${EMPTY}", kEnv).value, "");
}

TEST(ExpandReferences, LeavesOtherDollarsAndHonoursTheEscape) {
  EXPECT_EQ(expand_references("pa$$word$", kEnv).value, "pa$$word$");
  EXPECT_EQ(expand_references("$${SMTP_PASSWORD}", kEnv).value, "${SMTP_PASSWORD}");
  // Read left to right: a lone "$", then the escape.
  EXPECT_EQ(expand_references("$$${SMTP_PASSWORD}", kEnv).value, "$${SMTP_PASSWORD}");
}

TEST(ExpandReferences, NamesEachMissingVariableOnce) {
  auto e = expand_references("${A}${SMTP_PASSWORD}${B}${A}", kEnv);
  EXPECT_EQ(e.missing, (std::vector<std::string>{"A", "B"}));
  EXPECT_FALSE(e.syntax_error);
}

TEST(ExpandReferences, MalformedReferencesAreErrorsThatQuoteNothing) {
  for (const char* text : {"hunter2${SMTP_PASSWORD", "${}", "${1ABC}", "${A-B}", "${hunter2 x}"}) {
    auto e = expand_references(text, kEnv);
    ASSERT_TRUE(e.syntax_error) << text;
    EXPECT_EQ(e.syntax_error->find("hunter2"), std::string::npos);
    EXPECT_EQ(e.syntax_error->find("SMTP_PASSWORD"), std::string::npos);
  }
}

TEST(ProcessEnvironment, ReadsTheRealEnvironment) {
  // PATH is set for every test process; a made-up name is not.
  EXPECT_TRUE(process_environment()("PATH"));
  EXPECT_FALSE(process_environment()("MAILSIM_SURELY_UNSET_VARIABLE_7f3a"));
}

}  // namespace
}  // namespace mailsim::client
