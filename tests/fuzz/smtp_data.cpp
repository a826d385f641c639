// The mock SMTP server's DATA reader (mockserver/smtp/smtp_data_reader).
// Raw bytes after DATA, in the splits the first input byte picks, must read
// exactly as the same bytes in one piece. Then a round trip: the payload as a
// message, dot-stuffed by the client (client/smtp/dot_stuffing), must end
// exactly at its end mark and read back as the message (ending in CRLF).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "client/smtp/dot_stuffing.hpp"
#include "mockserver/smtp/smtp_data_reader.hpp"
#include "support/check.hpp"
#include "support/chunks.hpp"

namespace {

using mailsim::mock::SmtpDataReader;

struct Outcome {
  std::size_t consumed = 0;
  bool finished = false;
  std::string content;
  std::uint64_t size = 0;
  std::size_t bare_lfs = 0, lines = 0, longest_line = 0;
  bool operator==(const Outcome&) const = default;
};

Outcome read(std::string_view bytes, std::uint8_t seed, std::size_t limit) {
  SmtpDataReader reader(limit);
  Outcome out;
  for (const auto chunk : mailsim::fuzz::split_chunks(bytes, seed)) {
    const std::size_t used = reader.feed(chunk);
    FUZZ_CHECK(used <= chunk.size());
    out.consumed += used;
    if (reader.finished()) break;
    FUZZ_CHECK(used == chunk.size());  // stops early only at the end mark
  }
  out.finished = reader.finished();
  out.content = reader.content();
  out.size = reader.size();
  out.bare_lfs = reader.bare_lf_count();
  out.lines = reader.line_count();
  out.longest_line = reader.longest_line();
  FUZZ_CHECK(out.content.size() <= limit);
  FUZZ_CHECK(out.content.size() == std::min<std::uint64_t>(out.size, limit));
  return out;
}

std::string ending_in_crlf(std::string_view message) {
  std::string out(message);
  if (out.empty() || out.ends_with("\r\n")) return out;
  if (out.ends_with('\n')) out.insert(out.size() - 1, 1, '\r');
  else out += "\r\n";
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [seed, payload] = mailsim::fuzz::seeded(data, size);
  // A small limit from the seed too, so the over-limit path is reached.
  const std::size_t limit = seed & 0x80 ? 64 : 1 << 20;
  FUZZ_CHECK(read(payload, seed, limit) == read(payload, 0, limit));

  const std::string stuffed = mailsim::client::smtp::dot_stuff(payload);
  const Outcome round_trip = read(stuffed, seed, 1 << 20);
  FUZZ_CHECK(round_trip.finished);
  FUZZ_CHECK(round_trip.consumed == stuffed.size());
  FUZZ_CHECK(round_trip.content == ending_in_crlf(payload));
  return 0;
}
