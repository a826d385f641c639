#include "harness/scenario/scenario_report.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace mailsim::harness {
namespace {

std::string_view status_name(ScenarioResult::Status s) {
  switch (s) {
    case ScenarioResult::Status::passed: return "PASS";
    case ScenarioResult::Status::failed: return "FAIL";
    case ScenarioResult::Status::unusable: return "UNUSABLE";
  }
  return "FAIL";
}

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        // XML 1.0 forbids most control characters even as references.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') out += '?';
        else out += c;
    }
  }
  return out;
}

std::string human_duration(std::chrono::milliseconds ms) {
  using namespace std::chrono;
  if (ms >= hours(1)) return fmt::format("{:.1f}h", duration<double, std::ratio<3600>>(ms).count());
  if (ms >= minutes(1)) return fmt::format("{:.1f}m", duration<double, std::ratio<60>>(ms).count());
  if (ms >= seconds(1)) return fmt::format("{:.1f}s", duration<double>(ms).count());
  return fmt::format("{}ms", ms.count());
}

}  // namespace

std::string format_result_table(const std::vector<ScenarioResult>& results) {
  std::size_t width = 8;
  for (const auto& r : results) width = std::max(width, std::min<std::size_t>(r.name.size(), 60));
  std::string out = fmt::format("{:<{}}  {:<8}  {:>8}  {:>8}  {}\n", "scenario", width, "result", "virtual", "real",
                                "first failed expectation");
  std::size_t passed = 0;
  for (const auto& r : results) {
    passed += r.passed() ? 1 : 0;
    std::string name = r.name.empty() ? r.file : r.name;
    if (name.size() > 60) name = name.substr(0, 57) + "...";
    out += fmt::format("{:<{}}  {:<8}  {:>8}  {:>8}  {}\n", name, width, status_name(r.status),
                       human_duration(r.virtual_time), human_duration(r.real_time), r.first_problem());
  }
  out += fmt::format("\n{} passed, {} failed\n", passed, results.size() - passed);
  return out;
}

std::string format_junit(const std::vector<ScenarioResult>& results) {
  std::size_t failures = 0;
  std::size_t errors = 0;
  double total = 0;
  for (const auto& r : results) {
    failures += r.status == ScenarioResult::Status::failed ? 1 : 0;
    errors += r.status == ScenarioResult::Status::unusable ? 1 : 0;
    total += std::chrono::duration<double>(r.real_time).count();
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n", results.size(),
                     failures, errors, total);
  out += fmt::format("  <testsuite name=\"mailsim scenarios\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n",
                     results.size(), failures, errors, total);
  for (const auto& r : results) {
    out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\">\n", xml_escape(r.file),
                       xml_escape(r.name), std::chrono::duration<double>(r.real_time).count());
    if (r.status == ScenarioResult::Status::failed)
      out += fmt::format("      <failure message=\"{}\"/>\n", xml_escape(r.first_problem()));
    if (r.status == ScenarioResult::Status::unusable)
      out += fmt::format("      <error message=\"{}\"/>\n", xml_escape(r.first_problem()));
    if (!r.transcripts.empty()) out += "      <system-out>" + xml_escape(r.transcripts) + "</system-out>\n";
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

std::string format_json(const std::vector<ScenarioResult>& results) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : results) {
    nlohmann::json failures = nlohmann::json::array();
    for (const auto& f : r.failures)
      failures.push_back({{"line", f.at.line}, {"column", f.at.column}, {"message", f.message}});
    nlohmann::json diagnostics = nlohmann::json::array();
    for (const auto& d : r.diagnostics) diagnostics.push_back(client::format_diagnostic(d));
    out.push_back({{"file", r.file},
                   {"name", r.name},
                   {"result", status_name(r.status)},
                   {"virtual_ms", r.virtual_time.count()},
                   {"real_ms", r.real_time.count()},
                   {"steps", r.steps},
                   {"failures", failures},
                   {"diagnostics", diagnostics},
                   {"transcripts", r.transcripts}});
  }
  return out.dump(2) + "\n";
}

}  // namespace mailsim::harness
