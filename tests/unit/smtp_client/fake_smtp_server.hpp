#pragma once
// A scripted SMTP peer for the client's tests: listens on 127.0.0.1:0,
// accepts one connection and plays its script (send bytes, expect a line,
// take a DATA payload, start TLS, close, or wait for the client to leave),
// recording every line it received. The connection is closed when the
// script ends, as a real server does after its last reply. It runs on its own thread and
// io_context; the destructor stops it whatever state it is in.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/net/asio.hpp"
#include "test_certificate.hpp"

namespace mailsim::client::smtp::test {

class FakeSmtpServer {
 public:
  FakeSmtpServer();
  ~FakeSmtpServer();

  // Script, in order. expect() reads one line and checks its start;
  // a mismatch ends the script with error() set and closes the connection.
  FakeSmtpServer& send(std::string bytes);
  FakeSmtpServer& expect(std::string prefix);
  FakeSmtpServer& expect_data();  // bytes up to and including "\r\n.\r\n" (or a lone ".\r\n")
  FakeSmtpServer& start_tls(const TestCertificate& certificate);
  FakeSmtpServer& close();  // ends the script here: the client sees EOF
  FakeSmtpServer& wait_for_close();  // records lines until the client closes

  // Starts listening and playing; the script must be complete.
  void start();
  std::uint16_t port() const { return port_; }

  // Waits (generously, no sleeping) for the script to end.
  bool wait_done(std::chrono::seconds limit = std::chrono::seconds(20));
  std::vector<std::string> received() const;
  bool received_line_starting(const std::string& prefix) const;
  std::string data() const;   // the last DATA payload, as received (still stuffed)
  std::string error() const;  // empty when the script ran as written

 private:
  struct Step {
    enum class Kind { send, expect, expect_data, start_tls, close, wait_for_close } kind;
    std::string text;
    std::shared_ptr<net::asio::ssl::context> tls;
  };
  net::asio::awaitable<void> play();
  net::asio::awaitable<void> play_script();
  net::asio::awaitable<bool> read_more();  // false when the client has gone
  net::asio::awaitable<std::optional<std::string>> read_line();
  void record(std::string line);
  void fail(std::string message);

  std::vector<Step> script_;
  net::asio::io_context io_;
  net::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::shared_ptr<net::asio::ssl::context> plain_context_;
  std::unique_ptr<net::asio::ssl::stream<net::tcp::socket>> stream_;
  bool tls_ = false;
  std::string inbox_;  // bytes read but not yet consumed

  mutable std::mutex mutex_;
  std::condition_variable done_cv_;
  bool done_ = false;
  std::vector<std::string> received_;
  std::string data_;
  std::string error_;
};

}  // namespace mailsim::client::smtp::test
