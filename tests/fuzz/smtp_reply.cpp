// The client's SMTP reply reader (client/smtp/reply) and EHLO capability
// parser. Replies read from the splits the first input byte picks must equal
// those read from the whole input at once, and every reply written back
// with to_string() must read back equal.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "client/smtp/capabilities.hpp"
#include "client/smtp/reply.hpp"
#include "support/check.hpp"
#include "support/chunks.hpp"

namespace {

using mailsim::client::smtp::ReplyLimits;
using mailsim::client::smtp::ReplyReader;
using mailsim::client::smtp::SmtpReply;
using Kind = ReplyReader::Result::Kind;

struct Outcome {
  std::vector<SmtpReply> replies;
  bool failed = false;
};

bool same(const SmtpReply& a, const SmtpReply& b) {
  return a.code == b.code && a.lines == b.lines && a.enhanced == b.enhanced;
}

Outcome read(std::string_view bytes, std::uint8_t seed, ReplyLimits limits) {
  ReplyReader reader(limits);
  Outcome out;
  for (const auto chunk : mailsim::fuzz::split_chunks(bytes, seed)) {
    reader.append(chunk);
    for (auto r = reader.next(); r.kind != Kind::need_more; r = reader.next()) {
      if (r.kind == Kind::error) {
        out.failed = true;
        return out;
      }
      FUZZ_CHECK(r.reply.code >= 200 && r.reply.code <= 559);
      FUZZ_CHECK(!r.reply.lines.empty() && r.reply.lines.size() <= limits.max_lines);
      out.replies.push_back(std::move(r.reply));
    }
    FUZZ_CHECK(reader.buffered() <= limits.max_line + chunk.size());
  }
  return out;
}

void check_round_trip(const SmtpReply& reply) {
  std::string wire = reply.to_string();
  for (std::size_t lf = wire.find('\n'); lf != std::string::npos; lf = wire.find('\n', lf + 2)) wire.insert(lf, 1, '\r');
  wire += "\r\n";
  ReplyReader reader({.max_line = 1 << 20, .max_lines = 1 << 20});
  reader.append(wire);
  const auto again = reader.next();
  FUZZ_CHECK(again.kind == Kind::reply);
  FUZZ_CHECK(same(again.reply, reply));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [seed, payload] = mailsim::fuzz::seeded(data, size);
  // Small bounds for some seeds, so the limits are reached too.
  const ReplyLimits limits = seed & 0x80 ? ReplyLimits{.max_line = 40, .max_lines = 4} : ReplyLimits{};
  const Outcome whole = read(payload, 0, limits);
  const Outcome split = read(payload, seed, limits);
  FUZZ_CHECK(whole.failed == split.failed);
  FUZZ_CHECK(whole.replies.size() == split.replies.size());
  for (std::size_t i = 0; i < whole.replies.size(); ++i) {
    FUZZ_CHECK(same(whole.replies[i], split.replies[i]));
    check_round_trip(whole.replies[i]);
    if (whole.replies[i].code == 250) mailsim::client::smtp::parse_ehlo(whole.replies[i]);
  }
  return 0;
}
