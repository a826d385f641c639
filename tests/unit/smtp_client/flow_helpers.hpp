#pragma once
// Shared pieces of the client-flow tests: options aimed at a fake server,
// credentials, a message, and checks that secrets stay out of the output.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "client/smtp/smtp_client.hpp"
#include "common/base64.hpp"
#include "fake_smtp_server.hpp"

namespace mailsim::client::smtp::test {

using namespace std::chrono_literals;

inline constexpr const char* kPassword = "s3cret-Pa55";
inline constexpr const char* kToken = "ya29.A0AfH6SMBx-secret-token";

// Generous timeouts: a loaded machine must not turn a pass into a failure.
inline SmtpClientOptions options_for(const FakeSmtpServer& server, Security security = Security::none) {
  SmtpClientOptions o;
  o.host = "127.0.0.1";
  o.port = server.port();
  o.security = security;
  o.helo_name = "client.test";
  o.timeouts.connect = 10'000ms;
  o.timeouts.command = 10'000ms;
  o.timeouts.overall = 60'000ms;
  return o;
}

inline sasl::ClientCredentials password_credentials() {
  sasl::ClientCredentials c;
  c.user = "alice";
  c.password = kPassword;
  return c;
}

inline sasl::ClientCredentials token_credentials(std::string token = kToken) {
  sasl::ClientCredentials c;
  c.user = "alice@example.com";
  c.access_token = std::move(token);
  return c;
}

inline SmtpEnvelope envelope(std::vector<std::string> recipients = {"bob@example.com"}) {
  return SmtpEnvelope{"alice@example.com", std::move(recipients)};
}

inline const std::string kMessage =
    "From: alice@example.com\r\nTo: bob@example.com\r\nSubject: hello\r\n\r\n.a line starting with a dot\r\nbye\r\n";

inline std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// Neither the secret nor its base64 forms may appear anywhere a user sees.
inline void expect_no_secrets(const SmtpResult& r, const std::string& secret) {
  const std::string transcript = joined(r.transcript);
  EXPECT_EQ(transcript.find(secret), std::string::npos) << transcript;
  if (r.failure) {
    const std::string text = describe(*r.failure);
    EXPECT_EQ(text.find(secret), std::string::npos) << text;
  }
}

inline std::string failure_text(const SmtpResult& r) {
  return r.failure ? describe(*r.failure) + "\n" + joined(r.transcript) : joined(r.transcript);
}

}  // namespace mailsim::client::smtp::test
