// The mock IMAP server with an INBOX of N sample messages for user "bench"
// (password "bench"); "deliver" appends one more (wakes IDLE sessions).
#include <string>

#include "bench/sample_message.hpp"
#include "bench/serve.hpp"
#include "mockserver/imap/imap_server.hpp"

namespace mailsim::bench {
namespace {

constexpr const char* kUser = "bench";

class ServedImap : public Served {
 public:
  ServedImap(mock::ImapServerConfig config, std::size_t size) : server_(std::move(config)), size_(size) {
    server_.start();
  }
  std::uint16_t port() const override { return server_.port(); }
  std::string command(std::string_view line) override {
    if (line != "deliver") return "unknown command";
    return std::to_string(server_.store().add_message(kUser, "INBOX", sample_message(0, size_)));
  }

 private:
  mock::ImapServer server_;
  std::size_t size_;
};

}  // namespace

std::unique_ptr<Served> serve_imap(const ServeOptions& options) {
  mock::ImapServerConfig config;
  config.users = {{kUser, kUser}};
  config.max_sessions = options.number("max-sessions", 2000);
  config.store = std::make_shared<mock::MailboxStore>();
  const auto size = options.number("size", 10'240);
  const auto count = options.number("messages", 0);
  config.store->add_user(kUser);
  for (std::size_t i = 0; i < count; ++i) config.store->add_message(kUser, "INBOX", sample_message(i, size));
  return std::make_unique<ServedImap>(std::move(config), size);
}

}  // namespace mailsim::bench
