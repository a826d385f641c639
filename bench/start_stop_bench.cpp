// Start + stop of the SMTP, IMAP and OAuth mocks together, in-process: what
// every C++ test pays before its first assertion.
#include <benchmark/benchmark.h>

#include <memory>

#include "common/clock.hpp"
#include "mockserver/imap/imap_server.hpp"
#include "mockserver/smtp/smtp_server.hpp"
#include "oauthmock/authorization_server.hpp"
#include "oauthmock/oauth_server.hpp"

namespace {

void BM_StartStopAllMocks(benchmark::State& state) {
  for (auto _ : state) {
    mailsim::mock::SmtpServer smtp({});
    mailsim::mock::ImapServer imap({});
    smtp.start();
    imap.start();
    auto core = std::make_shared<mailsim::oauth::AuthorizationServer>(mailsim::oauth::ServerConfig{},
                                                                      mailsim::system_clock());
    mailsim::oauth::OAuthServer oauth(core);
    benchmark::DoNotOptimize(smtp.port() + imap.port() + oauth.port());
    oauth.stop();
    imap.stop();
    smtp.stop();
  }
}
BENCHMARK(BM_StartStopAllMocks)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
