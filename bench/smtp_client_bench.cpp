// bench_smtp_client HOST PORT COUNT SIZE: our SMTP client sends COUNT sample
// messages over one connection (PIPELINING when offered); prints messages/s.
#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "bench/sample_message.hpp"
#include "client/smtp/smtp_connection.hpp"

namespace asio = mailsim::net::asio;
using namespace mailsim::client;

namespace {

asio::awaitable<int> send_all(smtp::SmtpClientOptions options, std::size_t count, std::size_t size) {
  // Made before the clock starts: the load, not its generation, is measured.
  std::vector<std::string> messages;
  for (std::size_t i = 0; i < count; ++i) messages.push_back(mailsim::bench::sample_message(i, size));
  const smtp::SmtpEnvelope envelope{"sender@example.com", {"bench@example.com"}};
  const auto start = std::chrono::steady_clock::now();
  smtp::SmtpConnection connection(std::move(options));
  if (auto failure = co_await connection.open()) {
    std::cerr << describe(*failure) << "\n";
    co_return 1;
  }
  for (const auto& message : messages) {
    auto outcome = co_await connection.send(envelope, message);
    if (outcome.failure) {
      std::cerr << describe(*outcome.failure) << "\n";
      co_return 1;
    }
  }
  co_await connection.quit();
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  std::printf("%.1f\n", static_cast<double>(count) / elapsed.count());
  co_return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: bench_smtp_client HOST PORT COUNT SIZE\n";
    return 2;
  }
  smtp::SmtpClientOptions options;
  options.host = argv[1];
  options.port = static_cast<std::uint16_t>(std::stoi(argv[2]));
  asio::io_context io;
  int status = 1;
  asio::co_spawn(io, send_all(options, std::stoul(argv[3]), std::stoul(argv[4])),
                 [&status](std::exception_ptr error, int result) {
                   if (error) std::rethrow_exception(error);
                   status = result;
                 });
  io.run();
  return status;
}
