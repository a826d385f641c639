#pragma once
// Either what an operation produced or why it failed (with the server's
// words). Operations without a value return std::optional<Failure>, where
// nullopt is success, like the SMTP client.
#include <utility>
#include <variant>

#include "client/reason.hpp"

namespace mailsim::client::imap {

template <class T>
class Result {
 public:
  // Asio's co_spawn needs a default for its exception path: a failure.
  Result() : state_(Failure{Reason::protocol_error, Stage::command, "", "the operation did not complete", "", ""}) {}
  Result(T value) : state_(std::move(value)) {}          // NOLINT: implicit on purpose
  Result(Failure failure) : state_(std::move(failure)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  // Throws std::bad_variant_access when called on the wrong alternative.
  T& value() { return std::get<T>(state_); }
  const T& value() const { return std::get<T>(state_); }
  const Failure& failure() const { return std::get<Failure>(state_); }

 private:
  std::variant<T, Failure> state_;
};

}  // namespace mailsim::client::imap
