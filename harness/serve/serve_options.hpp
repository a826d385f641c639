#pragma once
// `mailsim serve` options that need checking beyond CLI11's: pinned ports
// and whether an address is loopback.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/scenario/scenario.hpp"

namespace mailsim::harness {

struct PortPins {
  std::map<std::string, std::uint16_t> ports;  // server name (or "oauth") -> port
  std::string error;                            // set when a pin is unusable
};

// "smtp=2525" pins; names must be the scenario's servers (or "oauth" when it
// has an oauth: section), each at most once, ports 1-65535.
PortPins parse_port_pins(const std::vector<std::string>& pins, const Scenario& scenario);

// 127.0.0.0/8, ::1 and "localhost": reachable from this machine only.
bool is_loopback(const std::string& address);

}  // namespace mailsim::harness
