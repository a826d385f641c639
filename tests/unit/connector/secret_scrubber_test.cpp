#include "client/connector/secret_scrubber.hpp"

#include <gtest/gtest.h>

#include "common/base64.hpp"

namespace {

using namespace mailsim::client;

TEST(SecretScrubber, ReplacesEverySecretOfTheConnection) {
  ConnectionConfig c;
  c.outbound.password = "out-pass-123";
  c.inbound.password = "in-pass-456";
  c.inbound.oauth2 = OAuth2Settings{};
  c.inbound.oauth2->client_secret = "client-secret-789";
  const SecretScrubber scrubber(c);
  EXPECT_EQ(scrubber.scrub("a out-pass-123 b in-pass-456 c client-secret-789"),
            "a <redacted> b <redacted> c <redacted>");
  EXPECT_EQ(scrubber.scrub("twice out-pass-123out-pass-123"), "twice <redacted><redacted>");
  EXPECT_EQ(scrubber.scrub("nothing secret"), "nothing secret");
}

TEST(SecretScrubber, ReplacesTheBase64FormToo) {
  SecretScrubber scrubber;
  scrubber.add("token-abc");
  EXPECT_EQ(scrubber.scrub("S: " + mailsim::base64_encode("token-abc")), "S: <redacted>");
}

TEST(SecretScrubber, ScrubsFailuresAndLines) {
  SecretScrubber scrubber;
  scrubber.add("hunter2");
  scrubber.add("");  // ignored: an empty secret would match everywhere
  Failure f;
  f.server_words = "535 hunter2 is wrong";
  f.detail = "hunter2";
  f.sasl_error = "{\"token\":\"hunter2\"}";
  scrubber.scrub(f);
  EXPECT_EQ(f.server_words, "535 <redacted> is wrong");
  EXPECT_EQ(f.detail, "<redacted>");
  EXPECT_EQ(f.sasl_error, "{\"token\":\"<redacted>\"}");
  std::vector<std::string> lines = {"C: LOGIN a hunter2", "ok"};
  scrubber.scrub(lines);
  EXPECT_EQ(lines[0], "C: LOGIN a <redacted>");
}

TEST(SecretScrubber, ASecretInsideTheMarkerDoesNotLoop) {
  SecretScrubber scrubber;
  scrubber.add("redacted");
  EXPECT_EQ(scrubber.scrub("x redacted y"), "x <redacted> y");
}

// The server's words may echo a secret; our own hint never holds one, and a
// one-letter password must not punch holes into it.
TEST(SecretScrubber, ScrubsTheServersWordsButLeavesOurHintWhole) {
  SecretScrubber scrubber;
  scrubber.add("p");
  Failure f;
  f.server_words = "535 bad password p";
  f.detail = "sent p";
  f.hint = "nothing listens on that host and port";
  scrubber.scrub(f);
  EXPECT_EQ(f.server_words, "535 bad <redacted>assword <redacted>");
  EXPECT_EQ(f.detail, "sent <redacted>");
  EXPECT_EQ(f.hint, "nothing listens on that host and port");
}

}  // namespace
