// bench_serve smtp|imap|oauth [--name value]...: prints "port N", answers
// commands read from stdin one per line, stops at end of input.
#include <iostream>
#include <string>

#include "bench/serve.hpp"

namespace mailsim::bench {

ServeOptions::ServeOptions(int argc, char** argv) {
  for (int i = 2; i + 1 < argc; i += 2) values_[std::string(argv[i]).substr(2)] = argv[i + 1];
}

std::string ServeOptions::text(const std::string& name, std::string fallback) const {
  const auto found = values_.find(name);
  return found == values_.end() ? fallback : found->second;
}

std::size_t ServeOptions::number(const std::string& name, std::size_t fallback) const {
  const auto found = values_.find(name);
  return found == values_.end() ? fallback : std::stoul(found->second);
}

}  // namespace mailsim::bench

int main(int argc, char** argv) {
  using namespace mailsim::bench;
  const std::string kind = argc > 1 ? argv[1] : "";
  const ServeOptions options(argc, argv);
  std::unique_ptr<Served> served;
  if (kind == "smtp") served = serve_smtp(options);
  if (kind == "imap") served = serve_imap(options);
  if (kind == "oauth") served = serve_oauth(options);
  if (!served) {
    std::cerr << "usage: bench_serve smtp|imap|oauth [--name value]...\n";
    return 2;
  }
  std::cout << "port " << served->port() << std::endl;
  for (std::string line; std::getline(std::cin, line);) std::cout << served->command(line) << std::endl;
  return 0;
}
