#pragma once
// ${NAME} references in connection files, so secrets can stay out of the
// file. Lookups go through an injected Environment: tests never touch the
// real process environment.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailsim::client {

// One variable's value, or nullopt when it is not set.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;

Environment process_environment();  // getenv
Environment environment_from(std::map<std::string, std::string> variables);

struct Expansion {
  std::string value;
  std::vector<std::string> missing;  // unset variables, each named once, in order
  // Set for a malformed reference; quotes no text (the value may be a secret).
  std::optional<std::string> syntax_error;
};

// Replaces every ${NAME} (NAME: letters, digits, '_' and '.', not starting
// with a digit); "$${" stands for a literal "${". Other '$' are kept as they are.
Expansion expand_references(std::string_view text, const Environment& env);

}  // namespace mailsim::client
