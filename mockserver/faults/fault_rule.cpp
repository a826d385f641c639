#include "mockserver/faults/fault_rule.hpp"

#include <array>
#include <utility>

namespace mailsim::mock::faults {
namespace {

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return "unknown";
}

template <typename E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view text) {
  for (const auto& [v, name] : table)
    if (name == text) return v;
  return std::nullopt;
}

constexpr std::array kTriggers = {
    std::pair{Trigger::connect, std::string_view("connect")},
    std::pair{Trigger::greeting, std::string_view("greeting")},
    std::pair{Trigger::tls_handshake, std::string_view("tls_handshake")},
    std::pair{Trigger::command, std::string_view("command")},
    std::pair{Trigger::authenticated, std::string_view("authenticated")},
    std::pair{Trigger::data_end, std::string_view("data_end")},
    std::pair{Trigger::literal, std::string_view("literal")},
};

constexpr std::array kScopes = {
    std::pair{Scope::connection, std::string_view("connection")},
    std::pair{Scope::user, std::string_view("user")},
    std::pair{Scope::listener, std::string_view("listener")},
    std::pair{Scope::ip, std::string_view("ip")},
    std::pair{Scope::global, std::string_view("global")},
};

constexpr std::array kActions = {
    std::pair{ActionKind::reply, std::string_view("reply")},
    std::pair{ActionKind::delay, std::string_view("delay")},
    std::pair{ActionKind::tarpit, std::string_view("tarpit")},
    std::pair{ActionKind::close, std::string_view("close")},
    std::pair{ActionKind::reset, std::string_view("reset")},
    std::pair{ActionKind::blackhole, std::string_view("blackhole")},
    std::pair{ActionKind::drop_mid_response, std::string_view("drop_mid_response")},
    std::pair{ActionKind::refuse_starttls, std::string_view("refuse_starttls")},
    std::pair{ActionKind::fail_tls_handshake, std::string_view("fail_tls_handshake")},
    std::pair{ActionKind::stall_tls_handshake, std::string_view("stall_tls_handshake")},
    std::pair{ActionKind::disconnect_after_bytes, std::string_view("disconnect_after_bytes")},
    std::pair{ActionKind::expire_token, std::string_view("expire_token")},
    std::pair{ActionKind::revoke_token, std::string_view("revoke_token")},
};

constexpr std::array kUnits = {
    std::pair{ThrottleUnit::messages, std::string_view("messages")},
    std::pair{ThrottleUnit::recipients, std::string_view("recipients")},
    std::pair{ThrottleUnit::connections, std::string_view("connections")},
    std::pair{ThrottleUnit::commands, std::string_view("commands")},
};

constexpr std::array kProtocols = {
    std::pair{Protocol::smtp, std::string_view("smtp")},
    std::pair{Protocol::imap, std::string_view("imap")},
    std::pair{Protocol::any, std::string_view("any")},
};

}  // namespace

std::string_view to_string(Trigger t) { return name_of(kTriggers, t); }
std::optional<Trigger> parse_trigger(std::string_view text) { return value_of(kTriggers, text); }
std::string_view to_string(Scope s) { return name_of(kScopes, s); }
std::optional<Scope> parse_scope(std::string_view text) { return value_of(kScopes, text); }
std::string_view to_string(ActionKind k) { return name_of(kActions, k); }
std::optional<ActionKind> parse_action(std::string_view text) { return value_of(kActions, text); }
std::string_view to_string(ThrottleUnit u) { return name_of(kUnits, u); }
std::optional<ThrottleUnit> parse_throttle_unit(std::string_view text) { return value_of(kUnits, text); }
std::string_view to_string(Protocol p) { return name_of(kProtocols, p); }
std::optional<Protocol> parse_protocol(std::string_view text) { return value_of(kProtocols, text); }

}  // namespace mailsim::mock::faults
