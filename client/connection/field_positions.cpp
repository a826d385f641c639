#include "client/connection/field_positions.hpp"

namespace mailsim::client {

void FieldPositions::record(std::string path, Position at, bool from_environment) {
  entries_[std::move(path)] = Entry{at, false, from_environment};
}

void FieldPositions::record_invalid(std::string path, Position at) {
  entries_[std::move(path)] = Entry{at, true, false};
}

bool FieldPositions::written(std::string_view path) const { return entries_.find(path) != entries_.end(); }

bool FieldPositions::invalid(std::string_view path) const {
  auto it = entries_.find(path);
  return it != entries_.end() && it->second.invalid;
}

bool FieldPositions::from_environment(std::string_view path) const {
  auto it = entries_.find(path);
  return it != entries_.end() && it->second.from_environment;
}

Position FieldPositions::where(std::string_view path) const {
  while (true) {
    if (auto it = entries_.find(path); it != entries_.end()) return it->second.at;
    if (path.empty()) return Position{1, 1};
    const auto dot = path.rfind('.');
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(0, dot);
  }
}

}  // namespace mailsim::client
