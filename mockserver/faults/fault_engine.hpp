#pragma once
// The fault engine: one per scenario, shared by every SMTP and IMAP listener.
// Sessions describe what is happening (a FaultEvent) and get back the action
// to take, if any; the engine never touches a socket. Thread-safe.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "mockserver/faults/fault_rule.hpp"

namespace mailsim::mock::faults {

struct FaultEvent {
  Trigger trigger = Trigger::command;
  Protocol protocol = Protocol::smtp;
  std::string_view listener;
  std::string_view verb;  // upper case, e.g. "MAIL" or "UID FETCH"
  std::string_view user;  // authenticated user, "" before auth
  std::string_view client_ip;
  std::uint64_t connection = 0;  // unique within the listener
};

struct FiredFault {
  std::string id;
  Trigger trigger;
  std::string verb;
  std::string listener;
  std::uint64_t connection;
  Clock::time_point at;
};

class FaultEngine {
 public:
  explicit FaultEngine(std::shared_ptr<const Clock> clock);

  // Each returns the rule's id (the given one, or a new "rule-N").
  // Throws std::invalid_argument for an id already in use.
  std::string add(FaultRule rule);
  std::string add(ThrottleRule rule);
  std::string add(ConnectionCap cap);
  bool remove(std::string_view id);
  void clear();

  struct Listing {
    std::vector<FaultRule> rules;
    std::vector<ThrottleRule> throttles;
    std::vector<ConnectionCap> caps;
  };
  Listing list() const;

  // The action for this event, or nullopt to behave normally. Caps are
  // checked first, then throttles, then rules in the order they were added;
  // every matching rule counts the event even when an earlier one fires.
  std::optional<FaultAction> consult(const FaultEvent& event);
  // Frees the connection's places under every cap.
  void connection_closed(std::string_view listener, std::uint64_t connection);
  // Carries out expire_token / revoke_token for the event's user when such
  // a rule fires (wired to the OAuth mock); without it they do nothing. Called
  // outside the engine's lock, before consult() returns.
  using TokenAction = std::function<void(ActionKind, const FaultEvent&)>;
  void set_token_action(TokenAction action);

  std::vector<FiredFault> fired() const;  // most recent last, bounded
  const Clock& clock() const { return *clock_; }

 private:
  struct RuleState {
    FaultRule rule;
    std::map<std::string, std::uint64_t> counts;  // per scope key
    std::uint64_t fires = 0;
  };
  struct ThrottleState {
    ThrottleRule rule;
    std::map<std::string, std::deque<Clock::time_point>> events;  // per scope key
  };
  struct CapState {
    ConnectionCap cap;
    std::map<std::string, std::set<std::string>> open;  // scope key -> connection keys
  };

  std::string next_id(std::string id);
  std::optional<FaultAction> check_caps(const FaultEvent& event);
  std::optional<FaultAction> check_throttles(const FaultEvent& event);
  std::optional<FaultAction> check_rules(const FaultEvent& event);
  void record(const std::string& id, const FaultEvent& event);

  std::shared_ptr<const Clock> clock_;
  mutable std::mutex mutex_;
  TokenAction token_action_;
  std::vector<RuleState> rules_;
  std::vector<ThrottleState> throttles_;
  std::vector<CapState> caps_;
  std::deque<FiredFault> fired_;
  std::uint64_t id_counter_ = 0;
};

// "MAIL" matches "MAIL"; "FETCH" matches "FETCH" and "UID FETCH".
bool verb_matches(const std::vector<std::string>& verbs, std::string_view verb);

}  // namespace mailsim::mock::faults
