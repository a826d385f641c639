#include "mockserver/imap/hidden_capabilities.hpp"

#include <algorithm>
#include <stdexcept>

namespace mailsim::mock {
namespace {

// The extension a command belongs to, or "" for IMAP4rev1 itself.
std::string_view extension_of(const imap::ImapCommand& c) {
  switch (c.verb) {
    case imap::Verb::move: return "MOVE";
    case imap::Verb::expunge: return c.uid ? "UIDPLUS" : "";
    case imap::Verb::idle: return "IDLE";
    case imap::Verb::namespace_: return "NAMESPACE";
    case imap::Verb::id: return "ID";
    case imap::Verb::enable: return "ENABLE";
    case imap::Verb::unselect: return "UNSELECT";
    default: return "";
  }
}

// Only a CAPABILITY response or a [CAPABILITY ...] response code lists
// names; a message literal that happens to say CAPABILITY is left alone.
std::size_t capability_list_start(std::string_view first_line) {
  if (first_line.starts_with("* CAPABILITY ")) return 2;
  const auto code = first_line.find("[CAPABILITY ");
  return code == std::string_view::npos ? std::string_view::npos : code + 1;
}

}  // namespace

const std::set<std::string, std::less<>>& HiddenCapabilities::hideable() {
  static const std::set<std::string, std::less<>> names = {"MOVE",   "UIDPLUS", "IDLE",    "NAMESPACE", "ID",
                                                           "ENABLE", "UNSELECT", "LITERAL+", "SASL-IR", "CHILDREN"};
  return names;
}

HiddenCapabilities::HiddenCapabilities(std::shared_ptr<ImapHooks> inner, std::set<std::string, std::less<>> hidden)
    : inner_(inner ? std::move(inner) : std::shared_ptr<ImapHooks>(&default_imap_hooks(), [](ImapHooks*) {})),
      hidden_(std::move(hidden)) {
  for (const auto& name : hidden_)
    if (!hideable().contains(name)) throw std::invalid_argument("cannot hide the IMAP capability " + name);
}

HookAction HiddenCapabilities::on_connect(const ImapHookContext& context) { return inner_->on_connect(context); }

HookAction HiddenCapabilities::on_command(const ImapHookContext& context, const imap::ImapCommand& command) {
  const std::string_view extension = extension_of(command);
  if (!extension.empty() && hidden(extension)) return {HookAction::Kind::reply, "BAD Unknown command " + command.name};
  return inner_->on_command(context, command);
}

void HiddenCapabilities::before_response(const ImapHookContext& context, std::string& response) {
  inner_->before_response(context, response);
  const std::size_t eol = std::min(response.find("\r\n"), response.size());
  const std::size_t list = capability_list_start(std::string_view(response).substr(0, eol));
  if (list == std::string::npos) return;
  // `at` is the space before each name; a response code's list ends at ']'.
  std::size_t at = list + std::string_view("CAPABILITY").size();
  std::size_t end = std::min(response.find(']', at), eol);
  while (at < end) {
    const std::size_t start = at + 1;
    const std::size_t word_end = std::min(response.find(' ', start), end);
    if (hidden(std::string_view(response).substr(start, word_end - start))) {
      response.erase(at, word_end - at);
      end -= word_end - at;
    } else {
      at = word_end;
    }
  }
}

void HiddenCapabilities::on_disconnect(const ImapHookContext& context) { inner_->on_disconnect(context); }

}  // namespace mailsim::mock
