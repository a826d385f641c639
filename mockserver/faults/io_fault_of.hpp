#pragma once
// Which fault actions the listeners' I/O loops carry out, and how.
#include <optional>

#include "mockserver/faults/fault_rule.hpp"
#include "mockserver/faults/io_fault.hpp"

namespace mailsim::mock::faults {

// The I/O fault for a delay, tarpit, drop_mid_response, disconnect_after_bytes,
// stall_tls_handshake, blackhole or reset action; nullopt for the others.
std::optional<IoFault> io_fault_of(const FaultAction& action);

}  // namespace mailsim::mock::faults
