// bench_make_maildir DIR COUNT SIZE: writes the sample messages as a Maildir
// (cur/), for Dovecot to serve the same bytes as the mock.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "bench/sample_message.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: bench_make_maildir DIR COUNT SIZE\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  for (const char* sub : {"cur", "new", "tmp"}) std::filesystem::create_directories(dir / sub);
  const auto count = std::stoul(argv[2]);
  const auto size = std::stoul(argv[3]);
  for (std::size_t i = 0; i < count; ++i) {
    // Ascending names keep Dovecot's UID order equal to the mock's.
    const auto name = std::to_string(1700000000 + i) + ".M" + std::to_string(i) + ".bench:2,";
    std::ofstream(dir / "cur" / name, std::ios::binary) << mailsim::bench::sample_message(i, size);
  }
  return 0;
}
