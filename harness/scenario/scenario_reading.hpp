#pragma once
// Internal to the scenario loader: the readers of each part of a file.
#include <span>
#include <string>
#include <string_view>

#include "client/connection/yaml_section.hpp"
#include "harness/scenario/scenario.hpp"

namespace mailsim::harness::reading {

using client::ReadContext;
using client::YamlSection;

// Opens the map at node; reports "expected a map" itself.
std::optional<YamlSection> open_map(const YAML::Node& node, const std::string& path, Position at,
                                    std::span<const std::string_view> known, ReadContext& ctx);
// A relative path taken from the scenario file's folder.
std::string resolve(const std::string& path, const std::string& scenario_file);

std::optional<ServerSpec> read_server(const std::string& name, YamlSection& s, const std::string& file);
std::optional<FaultSpec> read_fault(const YAML::Node& node, const std::string& path, ReadContext& ctx);
std::optional<Step> read_step(const YAML::Node& node, const std::string& path, ReadContext& ctx,
                              const std::string& file);
std::optional<ServerExpect> read_server_expect(const std::string& server, YamlSection& s);
std::optional<OutcomeExpect> read_outcome(YamlSection& s);
std::optional<OAuthSpec> read_oauth(YamlSection& s);
std::optional<OAuthExpect> read_oauth_expect(YamlSection& s);

}  // namespace mailsim::harness::reading
