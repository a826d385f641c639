// The connection-file loader (client/connection/connection_loader) over
// YAML text, with a fixed environment for ${NAME} references: whatever the
// text, loading gives diagnostics (placed inside the text) or a config,
// never a crash or an exception, and no diagnostic quotes a secret.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "client/connection/connection_loader.hpp"
#include "client/connection/environment.hpp"
#include "support/check.hpp"

namespace {

// Secrets given through the environment; they must never show up in a message.
constexpr std::string_view kPasswordValue = "env-password-QX7";
constexpr std::string_view kSecretValue = "env-secret-ZK9";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const auto env = mailsim::client::environment_from(
      {{"MAIL_PASSWORD", std::string(kPasswordValue)}, {"CLIENT_SECRET", std::string(kSecretValue)}, {"EMPTY", ""}});
  const auto loaded = mailsim::client::load_connection_text(text, "fuzz.yaml", env);
  // Text that spells a secret out may be quoted; the check is for values from the environment.
  const bool spelled_out = text.find(kPasswordValue) != std::string_view::npos ||
                           text.find(kSecretValue) != std::string_view::npos;
  const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  for (const auto& d : loaded.diagnostics) {
    FUZZ_CHECK(d.line >= 0 && d.line <= lines && d.column >= 0);
    const std::string shown = mailsim::client::format_diagnostic(d);
    FUZZ_CHECK(spelled_out || shown.find(kPasswordValue) == std::string::npos);
    FUZZ_CHECK(spelled_out || shown.find(kSecretValue) == std::string::npos);
  }
  mailsim::client::expand_references(text, env);
  return 0;
}
