#pragma once
// The fault engine's rules as the admin API lists them, in the words of
// the scenario syntax (on:, verbs:, throttle:, cap: ...).
#include <nlohmann/json.hpp>

#include "mockserver/faults/fault_engine.hpp"

namespace mailsim::admin {

nlohmann::json rule_json(const mock::faults::FaultRule& rule);
nlohmann::json throttle_json(const mock::faults::ThrottleRule& throttle);
nlohmann::json cap_json(const mock::faults::ConnectionCap& cap);

}  // namespace mailsim::admin
