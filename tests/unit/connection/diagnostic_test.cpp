#include "client/connection/diagnostic.hpp"

#include <gtest/gtest.h>

namespace mailsim::client {
namespace {

TEST(FormatDiagnostic, ReadsLikeACompilerMessage) {
  Diagnostic d{Severity::error, "conn.yaml", 12, 9, "outbound.port", "70000 is out of range 1-65535"};
  EXPECT_EQ(format_diagnostic(d), "conn.yaml:12:9: error: outbound.port: 70000 is out of range 1-65535");
  d.severity = Severity::warning;
  EXPECT_EQ(format_diagnostic(d), "conn.yaml:12:9: warning: outbound.port: 70000 is out of range 1-65535");
}

TEST(FormatDiagnostic, LeavesOutWhatIsUnknown) {
  EXPECT_EQ(format_diagnostic({Severity::error, "c.yaml", 0, 0, "", "cannot read"}), "c.yaml: error: cannot read");
  EXPECT_EQ(format_diagnostic({Severity::error, "c.yaml", 3, 0, "", "bad"}), "c.yaml:3: error: bad");
}

TEST(HasErrors, IgnoresWarnings) {
  EXPECT_FALSE(has_errors({}));
  EXPECT_FALSE(has_errors({{Severity::warning, "f", 1, 1, "", "w"}}));
  EXPECT_TRUE(has_errors({{Severity::warning, "f", 1, 1, "", "w"}, {Severity::error, "f", 2, 1, "", "e"}}));
}

}  // namespace
}  // namespace mailsim::client
