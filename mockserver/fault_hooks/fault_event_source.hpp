#pragma once
// Turns what a session knows into the fault engine's event keys: a numeric
// connection id and the client's IP without its port.
#include <cstdint>
#include <string>
#include <string_view>

namespace mailsim::mock::faults {

// "127.0.0.1:5432" -> "127.0.0.1"; "[::1]:5432" -> "::1".
std::string_view ip_of(std::string_view remote);
// A stable number for a textual session id ("smtp-12" -> 12, else a hash).
std::uint64_t connection_number(std::string_view session_id);

}  // namespace mailsim::mock::faults
