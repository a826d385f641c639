#pragma once
// The synthetic message every benchmark stores or sends: plain-text RFC 5322
// of a given total size, distinct per index, so peers get identical bytes.
#include <cstddef>
#include <string>

namespace mailsim::bench {

inline std::string sample_message(std::size_t index, std::size_t size) {
  const auto n = std::to_string(index);
  std::string message = "From: Sender " + n + " <sender" + n + "@example.com>\r\n" +
                        "To: Bench <bench@example.com>\r\n" + "Subject: bench message " + n + "\r\n" +
                        "Date: Mon, 02 Jan 2023 10:00:00 +0000\r\n" + "Message-ID: <" + n + "@bench.example>\r\n" +
                        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n";
  const std::string line(74, 'a' + static_cast<char>(index % 26));
  while (message.size() + line.size() + 2 <= size) message += line + "\r\n";
  if (message.size() + 2 < size) message += std::string(size - message.size() - 2, 'z') + "\r\n";
  return message;
}

}  // namespace mailsim::bench
