#pragma once
// bench_serve: one mock as a stand-alone server, so outside load generators
// (smtp-source, wrk, imaplib) can drive it exactly as they drive a peer.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace mailsim::bench {

// "--name value" pairs from the command line.
class ServeOptions {
 public:
  ServeOptions(int argc, char** argv);
  std::string text(const std::string& name, std::string fallback) const;
  std::size_t number(const std::string& name, std::size_t fallback) const;

 private:
  std::map<std::string, std::string> values_;
};

// A running mock. command() answers one line read from stdin ("count",
// "deliver"); the script driving the benchmark asks through it.
class Served {
 public:
  virtual ~Served() = default;
  virtual std::uint16_t port() const = 0;
  virtual std::string command(std::string_view line) = 0;
};

std::unique_ptr<Served> serve_smtp(const ServeOptions& options);
std::unique_ptr<Served> serve_imap(const ServeOptions& options);
std::unique_ptr<Served> serve_oauth(const ServeOptions& options);

}  // namespace mailsim::bench
