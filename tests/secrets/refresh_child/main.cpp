// A process that refreshes one token set, for the crash test to kill.
//   refresh_child STORE TOKEN_URL CLIENT_ID PAUSE_FIFO
// The key comes from MAILSIM_TOKEN_KEY, the client secret from
// REFRESH_CHILD_CLIENT_SECRET. Prints "pid N", "refreshing", "saving" when
// the new tokens are about to be stored (then, unless PAUSE_FIFO is "-",
// waits for a byte on that FIFO), "saved", and finally "refreshed" or
// "failed REASON".
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "client/oauth/token_manager.hpp"
#include "client/oauth/token_store.hpp"

namespace coauth = mailsim::client::oauth;
using mailsim::client::Side;

namespace {

// The real store, with a stop before each save where the test can kill us.
class PausingStore final : public coauth::TokenRepository {
 public:
  PausingStore(std::shared_ptr<coauth::TokenStore> store, std::string fifo)
      : store_(std::move(store)), fifo_(std::move(fifo)) {}
  std::optional<coauth::TokenSet> load(Side side) override { return store_->load(side); }
  void save(Side side, const coauth::TokenSet& tokens) override {
    std::cout << "saving" << std::endl;
    if (fifo_ != "-") {
      const int fd = ::open(fifo_.c_str(), O_RDONLY | O_CLOEXEC);  // blocks until the test opens it
      char go = 0;
      if (fd < 0 || ::read(fd, &go, 1) != 1) std::exit(3);
      ::close(fd);
    }
    store_->save(side, tokens);
    std::cout << "saved" << std::endl;
  }

 private:
  std::shared_ptr<coauth::TokenStore> store_;
  std::string fifo_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: refresh_child STORE TOKEN_URL CLIENT_ID PAUSE_FIFO\n";
    return 2;
  }
  std::cout << "pid " << ::getpid() << std::endl;
  const char* secret = std::getenv("REFRESH_CHILD_CLIENT_SECRET");
  const auto key = coauth::resolve_store_key(coauth::key_sources_from_environment(), false);
  mailsim::client::OAuth2Settings settings;
  settings.client_id = argv[3];
  settings.client_secret = secret ? secret : "";
  settings.access_token_url = argv[2];
  coauth::TokenManagerSetup setup;
  setup.outbound = coauth::TokenSource{
      std::make_shared<PausingStore>(std::make_shared<coauth::TokenStore>(argv[1], key), argv[4]),
      std::make_shared<coauth::TokenClient>(settings, coauth::make_http_transport(), mailsim::system_clock())};
  setup.options.max_attempts = 1;  // a failed call is the test's answer, not something to retry
  coauth::TokenManager manager(std::move(setup));
  std::cout << "refreshing" << std::endl;
  const auto result = manager.get(Side::outbound, true);
  if (!result.ok()) {
    std::cout << "failed " << to_string(result.failure->reason) << std::endl;
    return 1;
  }
  std::cout << "refreshed" << std::endl;
  return 0;
}
