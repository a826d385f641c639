#include "mockserver/smtp/smtp_command_parser.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "mockserver/smtp/smtp_address.hpp"

namespace mailsim::mock {
namespace {

using Kind = SmtpSyntaxError::Kind;

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

bool istarts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && upper(text.substr(0, prefix.size())) == prefix;
}

std::vector<std::string_view> split_spaces(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] == ' ') {
      ++pos;
      continue;
    }
    const std::size_t end = std::min(text.find(' ', pos), text.size());
    words.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return words;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::optional<std::uint64_t> parse_number(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;  // 19 digits always fit
  std::uint64_t value = 0;
  for (const char c : text) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

SmtpVerb lookup_verb(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, SmtpVerb>, 13> kVerbs{{
      {"HELO", SmtpVerb::helo}, {"EHLO", SmtpVerb::ehlo}, {"MAIL", SmtpVerb::mail},
      {"RCPT", SmtpVerb::rcpt}, {"DATA", SmtpVerb::data}, {"BDAT", SmtpVerb::bdat},
      {"RSET", SmtpVerb::rset}, {"NOOP", SmtpVerb::noop}, {"VRFY", SmtpVerb::vrfy},
      {"HELP", SmtpVerb::help}, {"QUIT", SmtpVerb::quit}, {"STARTTLS", SmtpVerb::starttls},
      {"AUTH", SmtpVerb::auth},
  }};
  static constexpr std::array<std::string_view, 7> kNotImplemented{"EXPN", "ETRN", "TURN", "ATRN",
                                                                   "SEND", "SOML", "SAML"};
  for (const auto& [verb_name, verb] : kVerbs)
    if (verb_name == name) return verb;
  for (const auto verb_name : kNotImplemented)
    if (verb_name == name) return SmtpVerb::not_implemented;
  return SmtpVerb::unknown;
}

struct Parameter {
  std::string keyword;  // upper-cased
  std::optional<std::string_view> value;
};

// esmtp-param = esmtp-keyword ["=" esmtp-value] (RFC 5321 4.1.2); values may
// hold UTF-8 (RFC 6531 3.3).
std::optional<Parameter> parse_parameter(std::string_view word) {
  const std::size_t eq = word.find('=');
  const std::string_view keyword = word.substr(0, eq);
  if (keyword.empty() || !is_alnum(keyword.front())) return std::nullopt;
  for (const char c : keyword)
    if (!is_alnum(c) && c != '-') return std::nullopt;
  Parameter parameter{upper(keyword), std::nullopt};
  if (eq == std::string_view::npos) return parameter;
  const std::string_view value = word.substr(eq + 1);
  if (value.empty()) return std::nullopt;
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 33 || u == '=' || u == 127) return std::nullopt;
  }
  parameter.value = value;
  return parameter;
}

SmtpSyntaxError bad(std::string text) { return {Kind::bad_parameter, std::move(text)}; }

std::optional<SmtpSyntaxError> apply_mail_parameter(const Parameter& p, MailParameters& params) {
  const auto& k = p.keyword;
  const bool duplicate = (k == "SIZE" && params.size) || (k == "BODY" && params.body != BodyType::unspecified) ||
                         (k == "SMTPUTF8" && params.smtputf8) || (k == "AUTH" && params.auth) ||
                         (k == "RET" && params.ret) || (k == "ENVID" && params.envid);
  if (duplicate) return bad("Duplicate " + k + " parameter");
  if (k == "SIZE") {
    params.size = p.value ? parse_number(*p.value) : std::nullopt;
    if (!params.size) return bad("Bad message size syntax");
  } else if (k == "BODY") {
    const std::string value = p.value ? upper(*p.value) : std::string();
    if (value == "7BIT") params.body = BodyType::seven_bit;
    else if (value == "8BITMIME") params.body = BodyType::eight_bit_mime;
    else if (value == "BINARYMIME") params.body = BodyType::binary_mime;
    else return bad("Unsupported BODY parameter value");
  } else if (k == "SMTPUTF8") {
    if (p.value) return bad("Bad SMTPUTF8 parameter");
    params.smtputf8 = true;
  } else if (k == "AUTH") {
    std::string decoded;
    if (!p.value || !decode_xtext(*p.value, decoded)) return bad("Bad AUTH parameter");
    params.auth = std::move(decoded);
  } else if (k == "RET") {
    const std::string value = p.value ? upper(*p.value) : std::string();
    if (value != "FULL" && value != "HDRS") return bad("Bad RET parameter");
    params.ret = value;
  } else if (k == "ENVID") {
    std::string decoded;
    if (!p.value || p.value->size() > 100 || !decode_xtext(*p.value, decoded)) return bad("Bad ENVID parameter");
    params.envid = std::move(decoded);
  } else {
    return SmtpSyntaxError{Kind::unsupported_parameter, k};
  }
  return std::nullopt;
}

bool parse_notify(std::string_view value, std::vector<std::string>& notify) {
  std::size_t pos = 0;
  while (pos <= value.size()) {
    const std::size_t end = std::min(value.find(',', pos), value.size());
    const std::string item = upper(value.substr(pos, end - pos));
    if (item != "NEVER" && item != "SUCCESS" && item != "FAILURE" && item != "DELAY") return false;
    for (const auto& seen : notify)
      if (seen == item) return false;
    notify.push_back(item);
    pos = end + 1;
  }
  // NEVER excludes every other keyword (RFC 3461 4.1).
  return notify.size() == 1 || std::find(notify.begin(), notify.end(), "NEVER") == notify.end();
}

std::optional<SmtpSyntaxError> apply_rcpt_parameter(const Parameter& p, RcptParameters& params) {
  const auto& k = p.keyword;
  if (k == "NOTIFY") {
    if (!params.notify.empty()) return bad("Duplicate NOTIFY parameter");
    if (!p.value || !parse_notify(*p.value, params.notify)) {
      params.notify.clear();
      return bad("Bad NOTIFY parameter syntax");
    }
  } else if (k == "ORCPT") {
    if (params.orcpt) return bad("Duplicate ORCPT parameter");
    const std::string_view value = p.value.value_or("");
    const std::size_t semi = value.find(';');
    std::string address;
    if (semi == 0 || semi == std::string_view::npos || !decode_xtext(value.substr(semi + 1), address) ||
        address.empty())
      return bad("Bad ORCPT parameter syntax");
    for (const char c : value.substr(0, semi))
      if (!is_alnum(c) && c != '-') return bad("Bad ORCPT parameter syntax");
    params.orcpt = std::string(value.substr(0, semi + 1)) + address;
  } else {
    return SmtpSyntaxError{Kind::unsupported_parameter, k};
  }
  return std::nullopt;
}

// "FROM:<path> params" / "TO:<path> params". Apply is called per parameter.
template <typename Apply>
std::optional<SmtpSyntaxError> parse_path_command(std::string_view argument, std::string_view prefix,
                                                  std::string_view usage, SmtpPathRules rules, Kind bad_address,
                                                  SmtpPath& path, Apply apply) {
  if (!istarts_with(argument, prefix)) return SmtpSyntaxError{Kind::syntax, std::string(usage)};
  // "MAIL FROM: <a@b>" is common enough (and accepted by Postfix) to tolerate.
  const std::string_view rest = trim(argument.substr(prefix.size()));
  path = parse_smtp_path(rest, rules);
  if (path.status == SmtpPath::Status::not_a_path) return SmtpSyntaxError{Kind::syntax, std::string(usage)};
  if (path.status == SmtpPath::Status::bad_address) return SmtpSyntaxError{bad_address, {}};
  const std::string_view params = rest.substr(path.end);
  if (!params.empty() && params.front() != ' ') return SmtpSyntaxError{bad_address, {}};
  for (const auto word : split_spaces(params)) {
    const auto parameter = parse_parameter(word);
    if (!parameter) return bad("Bad parameter syntax");
    if (auto error = apply(*parameter)) return error;
  }
  return std::nullopt;
}

bool is_mechanism_name(std::string_view name) {
  if (name.empty() || name.size() > 20) return false;
  for (const char c : name)
    if (!is_alnum(c) && c != '-' && c != '_') return false;
  return true;
}

std::optional<SmtpSyntaxError> parse_arguments(SmtpCommand& cmd) {
  const std::string_view arg = cmd.argument;
  const auto usage = [](std::string_view text) { return SmtpSyntaxError{Kind::syntax, std::string(text)}; };
  switch (cmd.verb) {
    case SmtpVerb::helo:
    case SmtpVerb::ehlo: {
      if (arg.empty()) return usage(cmd.verb == SmtpVerb::ehlo ? "Syntax: EHLO hostname" : "Syntax: HELO hostname");
      cmd.domain = std::string(split_spaces(arg).front());
      return std::nullopt;
    }
    case SmtpVerb::mail: {
      SmtpPath path;
      auto error = parse_path_command(arg, "FROM:", "Syntax: MAIL FROM:<address>", {.allow_null = true},
                                      Kind::bad_sender, path, [&](const Parameter& p) {
                                        return apply_mail_parameter(p, cmd.mail.params);
                                      });
      cmd.mail.reverse_path = path.mailbox;
      cmd.mail.non_ascii = path.non_ascii;
      return error;
    }
    case SmtpVerb::rcpt: {
      SmtpPath path;
      auto error = parse_path_command(arg, "TO:", "Syntax: RCPT TO:<address>", {.allow_postmaster = true},
                                      Kind::bad_recipient, path, [&](const Parameter& p) {
                                        return apply_rcpt_parameter(p, cmd.rcpt.params);
                                      });
      cmd.rcpt.forward_path = path.mailbox;
      cmd.rcpt.non_ascii = path.non_ascii;
      return error;
    }
    case SmtpVerb::bdat: {
      const auto words = split_spaces(arg);
      const auto size = words.empty() ? std::nullopt : parse_number(words[0]);
      const bool last = words.size() == 2 && upper(words[1]) == "LAST";
      if (!size || words.size() > 2 || (words.size() == 2 && !last)) return usage("Syntax: BDAT chunk-size [LAST]");
      cmd.bdat = {*size, last};
      return std::nullopt;
    }
    case SmtpVerb::auth: {
      const auto words = split_spaces(arg);
      if (words.empty() || words.size() > 2 || !is_mechanism_name(words[0]))
        return usage("Syntax: AUTH mechanism [initial-response]");
      cmd.auth.mechanism = upper(words[0]);
      if (words.size() == 2) cmd.auth.initial_response = std::string(words[1]);
      return std::nullopt;
    }
    case SmtpVerb::vrfy:
      if (arg.empty()) return usage("Syntax: VRFY address");
      return std::nullopt;
    case SmtpVerb::data:
    case SmtpVerb::rset:
    case SmtpVerb::starttls:
      if (!arg.empty()) return usage("Syntax: " + cmd.name);
      return std::nullopt;
    case SmtpVerb::noop:
    case SmtpVerb::help:
    case SmtpVerb::quit:  // a client on its way out is not held to the grammar
    case SmtpVerb::not_implemented:
    case SmtpVerb::unknown:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

SmtpCommand parse_smtp_command(std::string_view line) {
  SmtpCommand cmd;
  const std::string_view text = trim(line);
  const std::size_t space = text.find(' ');
  cmd.name = upper(text.substr(0, space));
  if (space != std::string_view::npos) cmd.argument = std::string(trim(text.substr(space + 1)));
  cmd.verb = lookup_verb(cmd.name);
  cmd.error = parse_arguments(cmd);
  return cmd;
}

}  // namespace mailsim::mock
