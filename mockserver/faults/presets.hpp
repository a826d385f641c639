#pragma once
// Named fault presets that mirror how real providers limit clients, so a
// scenario can say "gmail_imap" instead of spelling out each rule. Every
// wording cites its public source in presets.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mockserver/faults/fault_engine.hpp"

namespace mailsim::mock::faults {

struct Preset {
  std::string name;
  std::string description;
  std::vector<FaultRule> rules;
  std::vector<ThrottleRule> throttles;
  std::vector<ConnectionCap> caps;
};

struct PresetOptions {
  std::string listener;              // the listener it applies to; "" = all
  std::optional<std::uint64_t> limit;  // overrides the preset's count (N messages, N sessions ...)
  std::optional<std::chrono::milliseconds> window;
};

std::vector<std::string_view> preset_names();
std::optional<Preset> find_preset(std::string_view name, const PresetOptions& options = {});
// Adds every rule of the preset, with ids "<preset>/<n>"; returns the ids.
std::vector<std::string> apply_preset(FaultEngine& engine, const Preset& preset);

}  // namespace mailsim::mock::faults
