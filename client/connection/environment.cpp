#include "client/connection/environment.hpp"

#include <algorithm>
#include <cstdlib>

namespace mailsim::client {

namespace {

bool valid_name(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  // '.' lets scenarios refer to their servers (${mx.port}); no real
  // environment variable has one, so connection files are unaffected.
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  });
}

}  // namespace

Environment process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Environment environment_from(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
    auto it = variables.find(name);
    if (it == variables.end()) return std::nullopt;
    return it->second;
  };
}

Expansion expand_references(std::string_view text, const Environment& env) {
  Expansion out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "$${") == 0) {
      out.value += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      out.value += text[i++];
      continue;
    }
    const std::size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      out.syntax_error = "'${' without a closing '}'";
      return out;
    }
    const std::string name(text.substr(i + 2, close - i - 2));
    if (!valid_name(name)) {
      out.syntax_error = "a ${...} reference holds an invalid variable name (use letters, digits, '_' and '.')";
      return out;
    }
    if (auto value = env(name)) {
      out.value += *value;
    } else if (std::find(out.missing.begin(), out.missing.end(), name) == out.missing.end()) {
      out.missing.push_back(name);
    }
    i = close + 1;
  }
  return out;
}

}  // namespace mailsim::client
