#pragma once
// Where each field of a connection file was written, so the checks made
// after parsing still point at a line, and which fields were already
// reported as unusable (so one mistake is not reported twice).
#include <map>
#include <string>
#include <string_view>

#include "client/connection/diagnostic_sink.hpp"

namespace mailsim::client {

class FieldPositions {
 public:
  // path "" is the file itself (the top-level map).
  // from_environment: the value came through a ${VAR}, so messages must not
  // quote it (the variable may hold a secret put in the wrong place).
  void record(std::string path, Position at, bool from_environment = false);
  void record_invalid(std::string path, Position at);

  bool written(std::string_view path) const;
  bool invalid(std::string_view path) const;
  bool from_environment(std::string_view path) const;
  // The field's own place, else its nearest recorded parent's ("outbound"
  // for a missing "outbound.host"), else the top of the file.
  Position where(std::string_view path) const;

 private:
  struct Entry {
    Position at;
    bool invalid = false;
    bool from_environment = false;
  };
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace mailsim::client
