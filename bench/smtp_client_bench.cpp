// bench_smtp_client HOST PORT COUNT SIZE [--each]: our SMTP client sends COUNT
// sample messages over one connection; prints messages/s. By default as one
// batch (SmtpConnection::send_batch: with PIPELINING, each message's commands
// ride behind the previous body, one round trip per message); --each sends
// them one send() at a time (two round trips per message), for comparison.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "bench/sample_message.hpp"
#include "client/smtp/smtp_connection.hpp"

namespace asio = mailsim::net::asio;
using namespace mailsim::client;

namespace {

asio::awaitable<int> send_all(smtp::SmtpClientOptions options, std::size_t count, std::size_t size, bool each) {
  // Made before the clock starts: the load, not its generation, is measured.
  std::vector<std::string> bodies;
  for (std::size_t i = 0; i < count; ++i) bodies.push_back(mailsim::bench::sample_message(i, size));
  const smtp::SmtpEnvelope envelope{"sender@example.com", {"bench@example.com"}};
  std::vector<smtp::MessageToSend> messages;
  for (const auto& body : bodies) messages.push_back({envelope, body});

  const auto start = std::chrono::steady_clock::now();
  smtp::SmtpConnection connection(std::move(options));
  if (auto failure = co_await connection.open()) {
    std::cerr << describe(*failure) << "\n";
    co_return 1;
  }
  std::vector<smtp::SendOutcome> outcomes;
  if (each) {
    for (const auto& m : messages) outcomes.push_back(co_await connection.send(m.envelope, m.message));
  } else {
    outcomes = co_await connection.send_batch(messages);
  }
  co_await connection.quit();
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  for (const auto& outcome : outcomes) {
    if (outcome.failure) {
      std::cerr << describe(*outcome.failure) << "\n";
      co_return 1;
    }
  }
  std::printf("%.1f\n", static_cast<double>(count) / elapsed.count());
  co_return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const bool each = argc == 6 && std::strcmp(argv[5], "--each") == 0;
  if (argc != 5 && !each) {
    std::cerr << "usage: bench_smtp_client HOST PORT COUNT SIZE [--each]\n";
    return 2;
  }
  smtp::SmtpClientOptions options;
  options.host = argv[1];
  options.port = static_cast<std::uint16_t>(std::stoi(argv[2]));
  asio::io_context io;
  int status = 1;
  asio::co_spawn(io, send_all(options, std::stoul(argv[3]), std::stoul(argv[4]), each),
                 [&status](std::exception_ptr error, int result) {
                   if (error) std::rethrow_exception(error);
                   status = result;
                 });
  io.run();
  return status;
}
