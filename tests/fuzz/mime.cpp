// The MIME parser (common/mime) over a raw message: the entity tree, every
// part's decoded body, its sections, envelope and header texts. Then a round
// trip through IMAP: the mock server's ENVELOPE and BODYSTRUCTURE writing
// (mockserver/imap/imap_body_structure) must read back in the client's FETCH
// parser (client/imap/imap_fetch_parser) with the same envelope texts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/imap/imap_fetch_parser.hpp"
#include "common/mime/content.hpp"
#include "common/mime/encoded_words.hpp"
#include "common/mime/envelope.hpp"
#include "common/mime/message_parser.hpp"
#include "common/mime/section.hpp"
#include "common/mime/transfer_decoding.hpp"
#include "mockserver/imap/imap_body_structure.hpp"
#include "support/check.hpp"

namespace {

namespace mime = mailsim::mime;
namespace client = mailsim::client::imap;

// Deeper than any BODYSTRUCTURE of a message within mime::Limits.
constexpr std::size_t kReadDepth = 1000;

std::optional<std::string> without_line_breaks(const std::optional<std::string>& text) {
  if (!text) return text;
  std::string out;
  for (const char c : *text)
    if (c != '\r' && c != '\n') out += c;
  return out;
}

void visit(const mime::ParsedMessage& message, std::string_view raw, const mime::Entity& entity,
           std::vector<std::uint32_t>& path) {
  FUZZ_CHECK(entity.header_begin <= entity.header_end && entity.body_begin <= entity.body_end);
  FUZZ_CHECK(entity.body_end <= raw.size());
  mime::decode_body(entity, raw);
  for (const auto& field : entity.headers) mime::decode_header_text(field.value);
  for (const auto text : {mime::SectionSpec::Text::none, mime::SectionSpec::Text::header,
                          mime::SectionSpec::Text::text, mime::SectionSpec::Text::mime}) {
    if (auto content = mime::resolve_section(message, raw, {.part = path, .text = text})) content->bytes(raw);
  }
  for (std::uint32_t i = 0; i < entity.children.size(); ++i) {
    path.push_back(i + 1);
    visit(message, raw, entity.children[i], path);
    path.pop_back();
  }
}

void check_imap_round_trip(const mime::ParsedMessage& message) {
  const auto envelope = mime::envelope_of(message.root.headers);
  std::string wire;
  mailsim::mock::imap::append_envelope(wire, envelope);
  client::Tokenizer t(wire, kReadDepth);
  const auto read = client::parse_envelope(t);
  FUZZ_CHECK(t.at_end());
  FUZZ_CHECK(read.subject == without_line_breaks(envelope.subject));
  FUZZ_CHECK(read.message_id == without_line_breaks(envelope.message_id));

  for (const bool extended : {false, true}) {
    std::string body;
    mailsim::mock::imap::append_body_structure(body, message.root, extended);
    client::Tokenizer b(body, kReadDepth);
    client::parse_body_structure(b);
    FUZZ_CHECK(b.at_end());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  // Small limits on odd sizes, so truncation is reached on small inputs too.
  const mime::Limits limits = size % 2 ? mime::Limits{.max_depth = 4, .max_parts = 8, .max_header_fields = 8,
                                                      .max_header_line = 64, .max_addresses = 4}
                                       : mime::Limits{};
  const auto message = mime::parse_message(raw, limits);
  FUZZ_CHECK(message.size == raw.size());
  FUZZ_CHECK(message.part_count <= limits.max_parts);
  std::vector<std::uint32_t> path;
  visit(message, raw, message.root, path);
  mime::attachments(message, raw);
  mime::searchable_body(message, raw);
  mime::best_text(message, raw, "plain");
  mime::best_text(message, raw, "html");
  mime::to_crlf(raw);
  try {
    check_imap_round_trip(message);
  } catch (const client::SyntaxError& e) {
    std::fprintf(stderr, "client cannot read what the server wrote: %s\n", e.what());
    FUZZ_CHECK(false);
  }
  return 0;
}
