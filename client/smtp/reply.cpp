#include "client/smtp/reply.hpp"

#include <utility>

namespace mailsim::client::smtp {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// 1 to 3 digits starting at text[pos]; advances pos.
std::optional<int> read_small_number(std::string_view text, std::size_t& pos) {
  int value = 0;
  std::size_t digits = 0;
  while (pos < text.size() && is_digit(text[pos]) && digits < 4) {
    value = value * 10 + (text[pos] - '0');
    ++pos;
    ++digits;
  }
  if (digits == 0 || digits > 3) return std::nullopt;
  return value;
}

}  // namespace

std::string EnhancedCode::to_string() const {
  return std::to_string(klass) + "." + std::to_string(subject) + "." + std::to_string(detail);
}

std::string SmtpReply::to_string() const {
  std::string out;
  const std::string code_text = std::to_string(code);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) out += '\n';
    out += code_text;
    const bool last = i + 1 == lines.size();
    if (last && lines[i].empty()) continue;
    out += last ? ' ' : '-';
    out += lines[i];
  }
  if (lines.empty()) out = code_text;
  return out;
}

std::optional<EnhancedCode> parse_enhanced_code(int reply_code, std::string_view text) {
  if (text.size() < 5) return std::nullopt;
  const int klass = text[0] - '0';
  if (text[1] != '.' || (klass != 2 && klass != 4 && klass != 5) || klass != reply_code / 100) return std::nullopt;
  std::size_t pos = 2;
  const auto subject = read_small_number(text, pos);
  if (!subject || pos >= text.size() || text[pos] != '.') return std::nullopt;
  ++pos;
  const auto detail = read_small_number(text, pos);
  if (!detail || (pos < text.size() && text[pos] != ' ')) return std::nullopt;
  return EnhancedCode{klass, *subject, *detail};
}

ReplyReader::ReplyReader(ReplyLimits limits) : limits_(limits), lines_(limits.max_line) {}

void ReplyReader::append(std::string_view bytes) { lines_.append(bytes); }

ReplyReader::Result ReplyReader::fail(std::string message) {
  failed_ = true;
  partial_ = {};
  Result r;
  r.kind = Result::Kind::error;
  r.error = std::move(message);
  return r;
}

ReplyReader::Result ReplyReader::next() {
  if (failed_) return fail("reply stream already out of sync");
  while (auto line = lines_.next_line()) {
    if (line->too_long)
      return fail("reply line longer than " + std::to_string(limits_.max_line) + " bytes");
    const std::string_view text = line->text;
    if (text.size() < 3 || !is_digit(text[0]) || !is_digit(text[1]) || !is_digit(text[2]))
      return fail("reply line does not start with a three-digit code");
    // RFC 5321 4.2: first digit 2..5, second 0..5.
    if (text[0] < '2' || text[0] > '5' || text[1] > '5')
      return fail("reply code " + std::string(text.substr(0, 3)) + " is not an SMTP reply code");
    const int code = (text[0] - '0') * 100 + (text[1] - '0') * 10 + (text[2] - '0');
    bool last = true;
    if (text.size() > 3) {
      if (text[3] == '-') last = false;
      else if (text[3] != ' ') return fail("reply code not followed by a space or a hyphen");
    }
    if (!partial_.lines.empty() && code != partial_.code)
      return fail("multi-line reply changes its code from " + std::to_string(partial_.code) + " to " +
                  std::to_string(code));
    if (partial_.lines.size() >= limits_.max_lines)
      return fail("reply longer than " + std::to_string(limits_.max_lines) + " lines");
    if (partial_.lines.empty()) {
      partial_.code = code;
      partial_.enhanced = parse_enhanced_code(code, text.size() > 4 ? text.substr(4) : std::string_view{});
    }
    partial_.lines.emplace_back(text.size() > 4 ? text.substr(4) : std::string_view{});
    if (last) {
      Result r;
      r.kind = Result::Kind::reply;
      r.reply = std::exchange(partial_, {});
      return r;
    }
  }
  return {};
}

std::size_t ReplyReader::discard() {
  std::size_t dropped = lines_.buffered();
  for (const auto& line : partial_.lines) dropped += line.size() + 6;  // code, separator, CRLF
  partial_ = {};
  lines_.discard();
  return dropped;
}

}  // namespace mailsim::client::smtp
