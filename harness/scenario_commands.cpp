#include "harness/scenario_commands.hpp"

#include <fmt/format.h>
#include <fnmatch.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "harness/scenario/run_order.hpp"
#include "harness/scenario/scenario_loader.hpp"
#include "harness/scenario/scenario_report.hpp"
#include "harness/scenario/scenario_runner.hpp"

namespace mailsim::harness {
namespace fs = std::filesystem;

namespace {

// The cores this process may run on (taskset, a container's cpuset), which
// can be fewer than the machine's: hardware_concurrency() counts them all.
unsigned usable_cores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return static_cast<unsigned>(CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

struct ScenarioCommands::State {
  CLI::App* run = nullptr;
  CLI::App* check = nullptr;
  std::vector<std::string> paths;
  std::vector<std::string> check_files;
  unsigned jobs = usable_cores();
  std::string filter;
  std::string shard;
  std::string junit;
  std::string json;
  bool quiet = false;
};

namespace {

// Scenario files under the given paths (folders searched for *.yaml, in a
// stable order; scenarios/adapters and dot folders skipped).
std::vector<std::string> collect(const std::vector<std::string>& paths, std::ostream& err, bool& unusable) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
      files.push_back(path);
    } else if (fs::is_directory(path, ec)) {
      for (auto it = fs::recursive_directory_iterator(path, ec); it != fs::recursive_directory_iterator(); ++it) {
        const auto name = it->path().filename().string();
        if (it->is_directory() && (name.starts_with(".") || name == "adapters" || name == "messages")) {
          it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file() && (it->path().extension() == ".yaml" || it->path().extension() == ".yml"))
          files.push_back(it->path().string());
      }
    } else {
      err << "mailsim: no such scenario file or folder: " << path << "\n";
      unusable = true;
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// "--shard I/N" or GoogleTest's GTEST_SHARD_INDEX / GTEST_TOTAL_SHARDS.
bool parse_shard(const std::string& text, std::size_t& index, std::size_t& total) {
  std::string spec = text;
  if (spec.empty()) {
    const char* i = std::getenv("GTEST_SHARD_INDEX");
    const char* n = std::getenv("GTEST_TOTAL_SHARDS");
    if (!i || !n) return true;
    spec = std::string(i) + "/" + n;
  }
  const auto slash = spec.find('/');
  try {
    index = std::stoul(spec.substr(0, slash));
    total = std::stoul(spec.substr(slash + 1));
  } catch (const std::exception&) {
    return false;
  }
  return slash != std::string::npos && total > 0 && index < total;
}

bool write_file(const std::string& path, const std::string& text, std::ostream& err) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) {
    err << "mailsim: cannot write " << path << "\n";
    return false;
  }
  return true;
}

}  // namespace

ScenarioCommands::ScenarioCommands(CLI::App& app) : state_(std::make_unique<State>()) {
  auto& s = *state_;
  s.run = app.add_subcommand("run", "run scenario files (or folders of them) and print a result table");
  s.run->add_option("paths", s.paths, "scenario files or folders")->required();
  s.run->add_option("-j,--jobs", s.jobs, "scenarios run at once (default: the cores this process may use)")->check(CLI::Range(1u, 256u));
  s.run->add_option("--filter", s.filter, "only scenarios whose file or name matches this glob");
  s.run->add_option("--shard", s.shard, "run shard I of N (I/N, 0-based); GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS also work");
  s.run->add_option("--junit", s.junit, "write JUnit XML here");
  s.run->add_option("--json", s.json, "write JSON results here");
  s.run->add_flag("-q,--quiet", s.quiet, "no progress line");
  s.run->footer(
      "Examples:\n  mailsim run scenarios/\n  mailsim run scenarios/tls --jobs 4 --junit report.xml\n"
      "  mailsim run scenarios --filter '*throttl*' --shard 0/3\n"
      "Exit codes: 0 all passed, 1 a scenario failed, 2 unusable input.");
  s.check = app.add_subcommand("check", "load scenario files and report problems without running them");
  s.check->add_option("files", s.check_files, "scenario files or folders")->required();
}

ScenarioCommands::~ScenarioCommands() = default;

bool ScenarioCommands::chosen() const { return state_->run->parsed() || state_->check->parsed(); }

int ScenarioCommands::run(std::ostream& out, std::ostream& err) const {
  auto& s = *state_;
  bool unusable = false;
  if (s.check->parsed()) {
    const auto files = collect(s.check_files, err, unusable);
    for (const auto& file : files) {
      const auto loaded = load_scenario_file(file);
      for (const auto& d : loaded.diagnostics) err << client::format_diagnostic(d) << "\n";
      if (!loaded.ok()) unusable = true;
      else out << file << ": ok\n";
    }
    return unusable ? 2 : 0;
  }

  auto files = collect(s.paths, err, unusable);
  std::size_t shard = 0;
  std::size_t shards = 1;
  if (!parse_shard(s.shard, shard, shards)) {
    err << "mailsim: --shard must be I/N with 0 <= I < N\n";
    return 2;
  }
  // Load everything first: a broken file is reported before anything runs.
  std::vector<Scenario> scenarios;
  std::vector<ScenarioResult> results;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (i % shards != shard) continue;
    auto loaded = load_scenario_file(files[i]);
    if (!s.filter.empty() && fnmatch(s.filter.c_str(), files[i].c_str(), 0) != 0 &&
        fnmatch(s.filter.c_str(), loaded.scenario.name.c_str(), 0) != 0)
      continue;
    if (!loaded.ok()) {
      for (const auto& d : loaded.diagnostics) err << client::format_diagnostic(d) << "\n";
      ScenarioResult r;
      r.file = files[i];
      r.name = loaded.scenario.name;
      r.status = ScenarioResult::Status::unusable;
      r.diagnostics = loaded.diagnostics;
      results.push_back(std::move(r));
      unusable = true;
      continue;
    }
    scenarios.push_back(std::move(loaded.scenario));
  }

  // Started longest first, reported in file order.
  const auto order = longest_first(scenarios);
  std::vector<ScenarioResult> ran(scenarios.size());
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::mutex progress;
  auto worker = [&] {
    for (std::size_t n = next++; n < order.size(); n = next++) {
      const std::size_t i = order[n];
      ran[i] = run_scenario(scenarios[i]);
      const auto finished = ++done;
      if (!s.quiet) {
        std::lock_guard lock(progress);
        err << fmt::format("\r[{}/{}] {} {}", finished, scenarios.size(), ran[i].passed() ? "pass" : "FAIL",
                           ran[i].name.substr(0, 60))
            << "\x1b[K" << std::flush;
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < std::min<std::size_t>(s.jobs, std::max<std::size_t>(1, scenarios.size())); ++t)
    threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  if (!s.quiet && !scenarios.empty()) err << "\n";
  for (auto& r : ran) results.push_back(std::move(r));

  out << format_result_table(results);
  for (const auto& r : results) {
    if (r.status != ScenarioResult::Status::failed) continue;
    out << fmt::format("\n=== {} ({})\n", r.name, r.file);
    for (const auto& f : r.failures)
      out << fmt::format("  {}:{}:{}: {}\n", r.file, f.at.line, f.at.column, f.message);
    out << "  steps:\n";
    for (const auto& step : r.steps) out << "    " << step << "\n";
    if (!r.transcripts.empty()) out << "  transcripts (secrets redacted):\n" << r.transcripts;
  }
  if (!s.junit.empty() && !write_file(s.junit, format_junit(results), err)) return 2;
  if (!s.json.empty() && !write_file(s.json, format_json(results), err)) return 2;
  if (unusable) return 2;
  return std::all_of(results.begin(), results.end(), [](const auto& r) { return r.passed(); }) ? 0 : 1;
}

}  // namespace mailsim::harness
