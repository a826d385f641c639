#pragma once
// What every connector operation returns: what it learned, or why it failed
// (reason code, stage, the server's words, a hint), the protocol transcript
// and how long it took. Never an exception for network or server trouble.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "client/reason.hpp"

namespace mailsim::client {

// The value of operations that produce nothing but success.
struct Done {};

template <class T>
struct Outcome {
  // What the operation produced. On failure it keeps whatever was learned
  // before (send: the recipients the server already answered).
  T value{};
  std::optional<Failure> failure;        // nullopt: success
  std::vector<std::string> transcript;   // "C: ", "S: ", "* " lines; secrets redacted
  std::chrono::milliseconds elapsed{0};  // the whole operation, OAuth retries included

  bool ok() const { return !failure; }
};

}  // namespace mailsim::client
