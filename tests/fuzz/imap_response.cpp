// The client's IMAP response parser (client/imap/imap_response_parser,
// imap_tokenizer, imap_fetch_parser). Responses read from the splits the
// first input byte picks must equal those read from the whole input; the
// values the client decodes further (sequence sets, mailbox names) too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "client/imap/imap_mailbox_name.hpp"
#include "client/imap/imap_response_parser.hpp"
#include "client/imap/imap_sequence_set.hpp"
#include "support/check.hpp"
#include "support/chunks.hpp"

namespace {

namespace client = mailsim::client::imap;
using Kind = client::ParseResult::Kind;

struct Event {
  Kind kind;
  std::string transcript, error;
  std::size_t size;
  bool fatal;
  bool operator==(const Event&) const = default;
};

// Looks into the parts of a response that get decoded again later.
void decode_values(const client::Response& response) {
  if (const auto* status = std::get_if<client::StatusResponse>(&response)) {
    if (status->code && status->code->copy_uid) {
      client::parse_sequence_set(status->code->copy_uid->source_uids, 1000);
      client::parse_sequence_set(status->code->copy_uid->destination_uids, 1000);
    }
    if (status->code && status->code->append_uid) client::parse_sequence_set(status->code->append_uid->uids, 1000);
  } else if (const auto* list = std::get_if<client::ListData>(&response)) {
    client::decode_mailbox_name(list->mailbox);
  }
}

std::vector<Event> read(std::string_view bytes, std::uint8_t seed, client::ParserLimits limits) {
  client::ResponseParser parser(limits);
  std::vector<Event> events;
  for (const auto chunk : mailsim::fuzz::split_chunks(bytes, seed)) {
    parser.feed(chunk);
    for (auto r = parser.next(); r.kind != Kind::need_more; r = parser.next()) {
      events.push_back({r.kind, r.transcript, r.error, r.size, r.fatal});
      if (r.kind == Kind::response) decode_values(r.response);
      if (r.fatal) return events;
      FUZZ_CHECK(events.size() <= bytes.size());  // each response takes bytes
    }
  }
  return events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [seed, payload] = mailsim::fuzz::seeded(data, size);
  // Small bounds for some seeds, so the limits are reached too.
  const client::ParserLimits limits = seed & 0x80
      ? client::ParserLimits{.max_line = 80, .max_literal = 40, .max_response = 200, .max_depth = 4}
      : client::ParserLimits{};
  FUZZ_CHECK(read(payload, seed, limits) == read(payload, 0, limits));
  return 0;
}
