#include "client/connector/test_connection_format.hpp"

#include <fmt/format.h>

namespace mailsim::client {
namespace {

std::string result_word(const SideReport& side) { return side.ok() ? "OK" : "FAILED"; }

std::string reason_word(const SideReport& side) {
  return std::string(to_string(side.failure ? side.failure->reason : Reason::ok));
}

std::string stages_line(const SideReport& side) {
  std::string line;
  for (const Stage stage : side.stages_passed)
    line += fmt::format("{}{} ok", line.empty() ? "" : ", ", to_string(stage));
  if (side.failure) line += fmt::format("{}{} FAILED", line.empty() ? "" : ", ", to_string(side.failure->stage));
  return line;
}

void append_details(std::string& out, const SideReport& side, bool with_transcript) {
  out += fmt::format("\n{} ({} {}): {}", to_string(side.side), side.protocol, side.endpoint, result_word(side));
  if (side.failure) out += fmt::format(" at {}: {}", to_string(side.failure->stage), reason_word(side));
  out += fmt::format(" in {} ms\n", side.elapsed.count());
  out += fmt::format("  stages:   {}\n", stages_line(side));
  if (!side.greeting.empty()) out += fmt::format("  greeting: {}\n", side.greeting);
  if (side.ok()) {
    out += fmt::format("  tls:      {}\n", side.tls_version.empty() ? "none (plain text)" : side.tls_version);
    out += fmt::format("  login:    {}\n", side.auth_mechanism.empty() ? "none" : side.auth_mechanism);
    out += fmt::format("  command:  {} ok\n", side.command);
  } else {
    const Failure& f = *side.failure;
    if (!f.server_words.empty()) out += fmt::format("  server:   {}\n", f.server_words);
    if (!f.sasl_error.empty()) out += fmt::format("  sasl:     {}\n", f.sasl_error);
    if (!f.detail.empty()) out += fmt::format("  detail:   {}\n", f.detail);
    const std::string hint = f.hint.empty() ? std::string(default_hint(f.reason)) : f.hint;
    if (!hint.empty()) out += fmt::format("  hint:     {}\n", hint);
  }
  if (with_transcript) {
    out += "  transcript:\n";
    for (const auto& line : side.transcript) out += fmt::format("    {}\n", line);
  }
}

nlohmann::json side_json(const SideReport& side, bool with_transcript) {
  nlohmann::json j;
  j["ok"] = side.ok();
  j["protocol"] = side.protocol;
  j["endpoint"] = side.endpoint;
  j["stage"] = to_string(side.stage());
  nlohmann::json passed = nlohmann::json::array();
  for (const Stage stage : side.stages_passed) passed.push_back(to_string(stage));
  j["stages_passed"] = passed;
  j["reason"] = reason_word(side);
  if (side.failure) j.update(failure_json(*side.failure));
  j["greeting"] = side.greeting;
  j["tls_version"] = side.tls_version;
  j["auth_mechanism"] = side.auth_mechanism;
  j["command"] = side.command;
  j["elapsed_ms"] = side.elapsed.count();
  if (with_transcript) j["transcript"] = side.transcript;
  return j;
}

}  // namespace

std::string format_test_connection(const TestConnectionReport& report, bool with_transcript) {
  const SideReport* sides[] = {&report.outbound, &report.inbound};
  std::size_t endpoint_width = 8, stage_width = 5, reason_width = 6;
  for (const auto* side : sides) {
    endpoint_width = std::max(endpoint_width, side->endpoint.size());
    stage_width = std::max(stage_width, to_string(side->stage()).size());
    reason_width = std::max(reason_width, reason_word(*side).size());
  }
  const auto row = [&](std::string_view a, std::string_view b, std::string_view c, std::string_view d,
                       std::string_view e, std::string_view f, std::string_view g) {
    return fmt::format("{:<9} {:<5} {:<{}}  {:<6} {:<{}}  {:<{}}  {:>7}\n", a, b, c, endpoint_width, d, e, stage_width,
                       f, reason_width, g);
  };
  std::string out = row("SIDE", "PROTO", "ENDPOINT", "RESULT", "STAGE", "REASON", "TIME");
  for (const auto* side : sides) {
    out += row(to_string(side->side), side->protocol, side->endpoint, result_word(*side), to_string(side->stage()),
               reason_word(*side), fmt::format("{} ms", side->elapsed.count()));
  }
  for (const auto* side : sides) append_details(out, *side, with_transcript);
  return out;
}

nlohmann::json test_connection_json(const TestConnectionReport& report, bool with_transcript) {
  return {{"ok", report.ok()},
          {"outbound", side_json(report.outbound, with_transcript)},
          {"inbound", side_json(report.inbound, with_transcript)}};
}

nlohmann::json failure_json(const Failure& failure) {
  nlohmann::json j;
  j["reason"] = to_string(failure.reason);
  j["stage"] = to_string(failure.stage);
  j["server_words"] = failure.server_words;
  j["detail"] = failure.detail;
  j["hint"] = failure.hint.empty() ? std::string(default_hint(failure.reason)) : failure.hint;
  if (failure.sasl_error.empty()) {
    j["sasl_error"] = nullptr;
  } else {
    // The decoded challenge is usually JSON; keep it structured when it is.
    auto parsed = nlohmann::json::parse(failure.sasl_error, nullptr, false);
    j["sasl_error"] = parsed.is_discarded() ? nlohmann::json(failure.sasl_error) : parsed;
  }
  return j;
}

}  // namespace mailsim::client
