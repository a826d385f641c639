#include "client/imap/imap_response_parser.hpp"

#include <algorithm>
#include <optional>

#include "client/imap/imap_ascii.hpp"
#include "client/imap/imap_fetch_parser.hpp"
#include "client/imap/imap_tokenizer.hpp"

namespace mailsim::client::imap {
namespace {

// The size a line announces with a trailing "{n}" (or "{n+}"), if any.
// Returns UINT64_MAX for a size too long to represent.
std::optional<std::uint64_t> announced_literal(std::string_view line) {
  if (!line.ends_with('}')) return std::nullopt;
  const std::size_t open = line.rfind('{');
  if (open == std::string_view::npos) return std::nullopt;
  std::string_view digits = line.substr(open + 1, line.size() - open - 2);
  if (digits.ends_with('+')) digits.remove_suffix(1);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  std::uint64_t n = 0;
  for (const char c : digits) {
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (n > (UINT64_MAX - digit) / 10) return UINT64_MAX;
    n = n * 10 + digit;
  }
  return n;
}

ResponseCode parse_code_arguments(std::string name, std::string_view arguments) {
  ResponseCode code;
  code.name = std::move(name);
  code.arguments = std::string(arguments);
  // Arguments of an informative code that do not parse are kept raw only:
  // one odd code must not cost the whole response.
  try {
    Tokenizer t(arguments, 8);
    if (code.name == "CAPABILITY") {
      while (t.skip_spaces(), !t.at_end()) code.list.emplace_back(t.atom());
    } else if (code.name == "PERMANENTFLAGS" || code.name == "BADCHARSET") {
      t.open_list();
      t.skip_spaces();
      while (t.peek() != ')') {
        code.list.push_back(code.name == "BADCHARSET" ? t.astring() : std::string(t.flag()));
        t.skip_spaces();
      }
      t.close_list();
    } else if (code.name == "UIDVALIDITY" || code.name == "UIDNEXT" || code.name == "UNSEEN" ||
               code.name == "HIGHESTMODSEQ") {
      code.number = t.number();
    } else if (code.name == "COPYUID") {
      CopyUid c;
      c.uid_validity = t.number32();
      t.expect_space();
      c.source_uids = std::string(t.atom());
      t.expect_space();
      c.destination_uids = std::string(t.atom());
      code.copy_uid = std::move(c);
    } else if (code.name == "APPENDUID") {
      AppendUid a;
      a.uid_validity = t.number32();
      t.expect_space();
      a.uids = std::string(t.atom());
      code.append_uid = std::move(a);
    }
  } catch (const SyntaxError&) {
    code.list.clear();
    code.number.reset();
    code.copy_uid.reset();
    code.append_uid.reset();
  }
  return code;
}

// resp-text: ["[" resp-text-code "]" SP] text
void parse_response_text(Tokenizer& t, StatusResponse& out) {
  t.skip_spaces();
  const std::string rest = t.rest_of_line();
  if (rest.starts_with('[')) {
    try {
      Tokenizer code(std::string_view(rest).substr(1), 8);
      std::string name = ascii_upper(code.atom());
      std::string_view arguments;
      if (code.skip_spaces()) arguments = code.until(']');
      code.expect(']');
      code.skip_spaces();
      out.code = parse_code_arguments(std::move(name), arguments);
      out.text = code.rest_of_line();
      return;
    } catch (const SyntaxError&) {
      // No well-formed code: the bracket is part of the human-readable text.
    }
  }
  out.text = rest;
}

std::vector<std::string> parse_flags(Tokenizer& t) {
  std::vector<std::string> out;
  t.open_list();
  t.skip_spaces();
  while (t.peek() != ')') {
    out.emplace_back(t.flag());
    t.skip_spaces();
  }
  t.close_list();
  return out;
}

ListData parse_list(Tokenizer& t, bool lsub) {
  ListData out;
  out.lsub = lsub;
  out.attributes = parse_flags(t);
  t.expect_space();
  if (!t.nil()) {
    const std::string delimiter = t.string();
    if (delimiter.size() != 1) t.fail("hierarchy delimiter is not one character");
    out.delimiter = delimiter[0];
  }
  t.expect_space();
  out.mailbox = t.astring();
  t.rest_of_line();  // LIST-EXTENDED data (RFC 5258) is not used
  return out;
}

StatusData parse_status(Tokenizer& t) {
  StatusData out;
  out.mailbox = t.astring();
  t.expect_space();
  t.open_list();
  t.skip_spaces();
  while (t.peek() != ')') {
    const std::string item = ascii_upper(t.atom());
    t.expect_space();
    const std::uint64_t n = t.number();
    const auto u32 = [&] {
      if (n > UINT32_MAX) t.fail("STATUS " + item + " larger than 4294967295");
      return static_cast<std::uint32_t>(n);
    };
    if (item == "MESSAGES") out.messages = u32();
    else if (item == "RECENT") out.recent = u32();
    else if (item == "UIDNEXT") out.uid_next = u32();
    else if (item == "UIDVALIDITY") out.uid_validity = u32();
    else if (item == "UNSEEN") out.unseen = u32();
    else if (item == "HIGHESTMODSEQ") out.highest_modseq = n;
    t.skip_spaces();
  }
  t.close_list();
  return out;
}

SearchData parse_search(Tokenizer& t) {
  SearchData out;
  while (t.skip_spaces(), !t.at_end()) {
    if (t.peek() == '(')
      t.value();  // "(MODSEQ n)" of CONDSTORE
    else
      out.numbers.push_back(t.number32());
  }
  return out;
}

std::optional<Status> status_word(std::string_view word) {
  if (word == "OK") return Status::ok;
  if (word == "NO") return Status::no;
  if (word == "BAD") return Status::bad;
  if (word == "PREAUTH") return Status::preauth;
  if (word == "BYE") return Status::bye;
  return std::nullopt;
}

Response parse_numbered(Tokenizer& t) {
  const std::uint32_t n = t.number32();
  t.expect_space();
  const std::string keyword = ascii_upper(t.atom());
  if (keyword == "EXISTS") return ExistsData{n};
  if (keyword == "RECENT") return RecentData{n};
  if (keyword == "EXPUNGE") return ExpungeData{n};
  if (keyword == "FETCH") {
    t.expect_space();
    return parse_fetch_attributes(t, n);
  }
  t.skip_spaces();
  return OtherData{keyword, std::to_string(n) + " " + t.rest_of_line()};
}

Response parse_untagged(Tokenizer& t) {
  if (t.peek() >= '0' && t.peek() <= '9') return parse_numbered(t);
  const std::string keyword = ascii_upper(t.atom());
  if (const auto status = status_word(keyword)) {
    StatusResponse out;
    out.status = *status;
    parse_response_text(t, out);
    return out;
  }
  if (keyword == "CAPABILITY") {
    CapabilityData out;
    while (t.skip_spaces(), !t.at_end()) out.capabilities.emplace_back(t.atom());
    return out;
  }
  if (keyword == "LIST" || keyword == "LSUB") {
    t.expect_space();
    return parse_list(t, keyword == "LSUB");
  }
  if (keyword == "STATUS") {
    t.expect_space();
    return parse_status(t);
  }
  if (keyword == "SEARCH") return parse_search(t);
  if (keyword == "FLAGS") {
    t.expect_space();
    return FlagsData{parse_flags(t)};
  }
  t.skip_spaces();
  return OtherData{keyword, t.rest_of_line()};
}

Response parse_tagged(Tokenizer& t) {
  StatusResponse out;
  out.tag = std::string(t.astring_atom());
  t.expect_space();
  const auto status = status_word(ascii_upper(t.atom()));
  if (!status || *status == Status::preauth || *status == Status::bye)
    t.fail("a tagged response must be OK, NO or BAD");
  out.status = *status;
  parse_response_text(t, out);
  return out;
}

Response parse_tokens(Tokenizer& t) {
  Response out;
  if (t.consume('+')) {
    t.consume(' ');
    return Continuation{t.rest_of_line()};
  }
  if (t.consume('*')) {
    t.expect_space();
    out = parse_untagged(t);
  } else {
    out = parse_tagged(t);
  }
  t.skip_spaces();
  if (!t.at_end()) t.fail("unexpected data after the response");
  return out;
}

}  // namespace

Response parse_response(std::string_view wire, std::size_t max_depth) {
  Tokenizer t(wire, max_depth);
  return parse_tokens(t);
}

ResponseParser::ResponseParser(ParserLimits limits) : limits_(limits), lines_(limits.max_line) {}

void ResponseParser::feed(std::string_view bytes) {
  // Literal bytes go straight to their string, not through the line buffer:
  // a message body is copied once, from the caller's read buffer.
  if (in_literal_ && lines_.buffered() == 0) {
    const std::size_t n = std::min(bytes.size(), literal_remaining_);
    literals_.back().append(bytes.substr(0, n));
    literal_remaining_ -= n;
    bytes.remove_prefix(n);
  }
  if (!bytes.empty()) lines_.append(bytes);
}

void ResponseParser::discard() {
  lines_.discard();
  reset_response();
}

void ResponseParser::reset_response() {
  wire_.clear();
  transcript_.clear();
  literals_.clear();
  literal_bytes_ = 0;
  literal_remaining_ = 0;
  in_literal_ = false;
}

ParseResult ResponseParser::fail(std::string message) {
  fatal_error_ = std::move(message);
  reset_response();
  lines_.discard();
  ParseResult out;
  out.kind = ParseResult::Kind::error;
  out.error = fatal_error_;
  out.fatal = true;
  return out;
}

ParseResult ResponseParser::next() {
  if (!fatal_error_.empty()) return fail(fatal_error_);
  while (true) {
    if (in_literal_) {
      const std::string_view chunk = lines_.take_raw(literal_remaining_);
      literals_.back().append(chunk);
      literal_remaining_ -= chunk.size();
      if (literal_remaining_ > 0) return {};
      in_literal_ = false;
      continue;
    }
    const auto line = lines_.next_line();
    if (!line) return {};
    if (line->too_long)
      return fail("a response line is longer than " + std::to_string(limits_.max_line) + " bytes");
    if (wire_.size() + literal_bytes_ + line->text.size() + 2 > limits_.max_response)
      return fail("a response is larger than " + std::to_string(limits_.max_response) + " bytes");
    wire_.append(line->text);
    wire_.append("\r\n");
    transcript_.append(line->text);
    if (const auto size = announced_literal(line->text)) {
      if (*size > limits_.max_literal)
        return fail("the server announced a literal of " + std::to_string(*size) + " bytes; the limit is " +
                    std::to_string(limits_.max_literal));
      if (wire_.size() + literal_bytes_ + *size > limits_.max_response)
        return fail("a response is larger than " + std::to_string(limits_.max_response) + " bytes");
      literal_remaining_ = static_cast<std::size_t>(*size);
      literal_bytes_ += literal_remaining_;
      // Bounded by max_literal; pages are only touched as the bytes arrive.
      literals_.emplace_back().reserve(literal_remaining_);
      in_literal_ = literal_remaining_ > 0;
      transcript_.append("<" + std::to_string(*size) + " bytes>");
      continue;
    }
    ParseResult out;
    out.transcript = std::move(transcript_);
    out.size = wire_.size() + literal_bytes_;
    try {
      Tokenizer t(wire_, literals_, limits_.max_depth);
      out.response = parse_tokens(t);
      out.kind = ParseResult::Kind::response;
    } catch (const SyntaxError& e) {
      out.kind = ParseResult::Kind::error;
      out.error = std::string("malformed response ") + e.what();
    }
    reset_response();
    return out;
  }
}

}  // namespace mailsim::client::imap
