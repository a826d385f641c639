// The mock IMAP server's command framing and parser
// (mockserver/imap/imap_command_parser, imap_reader, imap_argument_parsers).
// Commands read from the splits the first input byte picks must equal those
// read from the whole input. Then a round trip: commands the client writes
// (client/imap/imap_command) with strings taken from the input must parse
// on the server to those same strings.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "client/imap/imap_command.hpp"
#include "client/imap/imap_mailbox_name.hpp"
#include "mockserver/imap/imap_command_parser.hpp"
#include "support/check.hpp"
#include "support/chunks.hpp"

namespace {

namespace mock = mailsim::mock::imap;
namespace client = mailsim::client::imap;
using Status = mock::ImapCommandParser::Status;

// What a session would see: each command's tag, verb or error, in order.
struct Event {
  Status status;
  std::string tag, name, error;
  bool operator==(const Event&) const = default;
};

// Frames bytes the way ImapSession does: lines up to LF, literal bytes as
// announced, a dropped command after a limit error.
class Framer {
 public:
  explicit Framer(mock::CommandLimits limits) : parser_(limits) {}

  void feed(std::string_view bytes) {
    buffer_.append(bytes);
    for (;;) {
      if (parser_.status() == Status::need_literal) {
        if (buffer_.empty()) return;
        const std::size_t n = std::min(buffer_.size(), parser_.literal_remaining());
        parser_.add_literal(std::string_view(buffer_).substr(0, n));
        buffer_.erase(0, n);
        continue;
      }
      const std::size_t lf = buffer_.find('\n');
      if (lf == std::string::npos) return;
      std::string_view line = std::string_view(buffer_).substr(0, lf);
      if (line.ends_with('\r')) line.remove_suffix(1);
      const Status status = parser_.add_line(line);
      buffer_.erase(0, lf + 1);
      if (status == Status::complete) {
        auto result = parser_.take();
        FUZZ_CHECK(result.command.has_value() != !result.error.empty());
        events.push_back({status, result.tag, result.command ? result.command->name : "", result.error});
        if (result.command) commands.push_back(std::move(*result.command));
      } else if (status == Status::literal_too_large || status == Status::command_too_long) {
        events.push_back({status, parser_.tag(), parser_.verb(), ""});
        parser_.reset();
      }
    }
  }

  std::vector<Event> events;
  std::vector<mock::ImapCommand> commands;

 private:
  mock::ImapCommandParser parser_;
  std::string buffer_;
};

std::vector<mock::ImapCommand> parse_wire(const client::Command& command) {
  Framer framer({});
  for (const auto& segment : command.segments) framer.feed(segment);
  FUZZ_CHECK(framer.events.size() == 1);
  return std::move(framer.commands);
}

template <typename Args>
const Args* sole_args(const std::vector<mock::ImapCommand>& commands) {
  if (commands.size() != 1) return nullptr;
  return std::get_if<Args>(&commands[0].args);
}

// The input's bytes, cut at 0xff into up to three strings.
std::vector<std::string_view> fields(std::string_view payload) {
  std::vector<std::string_view> out;
  while (out.size() < 2) {
    const std::size_t cut = payload.find('\xff');
    if (cut == std::string_view::npos) break;
    out.push_back(payload.substr(0, cut));
    payload.remove_prefix(cut + 1);
  }
  out.push_back(payload);
  while (out.size() < 3) out.emplace_back();
  return out;
}

void check_round_trips(std::string_view payload, bool literal_plus) {
  const auto f = fields(payload);
  const bool has_nul = payload.find('\0') != std::string_view::npos;  // no IMAP string carries NUL

  const auto login = parse_wire(client::CommandBuilder("a1", literal_plus).atom("LOGIN").astring(f[0]).astring(f[1]).finish());
  const auto* l = sole_args<mock::LoginArgs>(login);
  FUZZ_CHECK(l || has_nul);
  if (l) FUZZ_CHECK(l->user == f[0] && l->password == f[1]);

  const auto append = parse_wire(client::CommandBuilder("a2", literal_plus).atom("APPEND").astring("INBOX").atom("(\\Seen)").literal(f[2]).finish());
  const auto* a = sole_args<mock::AppendArgs>(append);
  FUZZ_CHECK(a || has_nul);
  if (a) FUZZ_CHECK(a->message == f[2] && a->mailbox == "INBOX");

  if (!client::encode_mailbox_name(f[0])) return;  // not UTF-8: the client refuses it
  const auto select = parse_wire(client::CommandBuilder("a3", literal_plus).atom("SELECT").mailbox(f[0]).finish());
  const auto* s = sole_args<mock::MailboxArgs>(select);
  FUZZ_CHECK(s || has_nul);
  if (s) FUZZ_CHECK(client::decode_mailbox_name(s->mailbox) == std::string(f[0]));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [seed, payload] = mailsim::fuzz::seeded(data, size);
  // Small bounds for some seeds, so the limit paths are reached too.
  const mock::CommandLimits limits = seed & 0x80 ? mock::CommandLimits{.max_line = 64, .max_literal = 32}
                                                 : mock::CommandLimits{};
  Framer whole(limits), split(limits);
  whole.feed(payload);
  for (const auto chunk : mailsim::fuzz::split_chunks(payload, seed)) split.feed(chunk);
  FUZZ_CHECK(whole.events == split.events);

  check_round_trips(payload, seed & 1);
  return 0;
}
