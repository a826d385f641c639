#pragma once
// A generic IMAP data item (RFC 3501 section 4): what the parser keeps for
// data it has no typed field for, e.g. body extensions or unknown FETCH items.
#include <string>
#include <vector>

namespace mailsim::client::imap {

struct Value {
  enum class Kind { nil, atom, number, string, list };
  Kind kind = Kind::nil;
  std::string text;          // atom, number (decimal digits) or string bytes
  std::vector<Value> items;  // list members

  bool operator==(const Value&) const = default;
};

}  // namespace mailsim::client::imap
