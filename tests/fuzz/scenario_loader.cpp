// The scenario loader (harness/scenario/scenario_loader) over YAML text:
// whatever the text, loading gives diagnostics (with a position inside the
// text) or a scenario, never a crash or an exception.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "harness/scenario/scenario_loader.hpp"
#include "support/check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // A name without a folder: relative paths in the text resolve to nothing real.
  const auto loaded = mailsim::harness::load_scenario_text(text, "fuzz.yaml");
  const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  for (const auto& d : loaded.diagnostics) {
    FUZZ_CHECK(d.line >= 0 && d.line <= lines && d.column >= 0);
    mailsim::client::format_diagnostic(d);
  }
  return 0;
}
