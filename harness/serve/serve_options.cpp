#include "harness/serve/serve_options.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <charconv>

namespace mailsim::harness {

PortPins parse_port_pins(const std::vector<std::string>& pins, const Scenario& scenario) {
  PortPins result;
  for (const auto& pin : pins) {
    const auto eq = pin.find('=');
    if (eq == std::string::npos || eq == 0) {
      result.error = "--port " + pin + ": write name=PORT, e.g. --port smtp=2525";
      return result;
    }
    const std::string name = pin.substr(0, eq);
    const std::string port_text = pin.substr(eq + 1);
    const bool known = (name == "oauth" && scenario.oauth) ||
                       std::any_of(scenario.servers.begin(), scenario.servers.end(),
                                   [&](const ServerSpec& s) { return s.name == name; });
    if (!known) {
      std::string names;
      for (const auto& s : scenario.servers) names += (names.empty() ? "" : ", ") + s.name;
      if (scenario.oauth) names += ", oauth";
      result.error = "--port " + pin + ": the scenario has no server named " + name + " (it has " + names + ")";
      return result;
    }
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 || port > 65535) {
      result.error = "--port " + pin + ": the port must be a number from 1 to 65535";
      return result;
    }
    if (!result.ports.emplace(name, static_cast<std::uint16_t>(port)).second) {
      result.error = "--port " + pin + ": " + name + " is pinned twice";
      return result;
    }
  }
  return result;
}

bool is_loopback(const std::string& address) {
  if (address == "localhost") return true;
  boost::system::error_code ec;
  const auto parsed = boost::asio::ip::make_address(address, ec);
  return !ec && parsed.is_loopback();
}

}  // namespace mailsim::harness
