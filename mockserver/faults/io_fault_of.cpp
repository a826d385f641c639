#include "mockserver/faults/io_fault_of.hpp"

namespace mailsim::mock::faults {

std::optional<IoFault> io_fault_of(const FaultAction& action) {
  IoFault fault;
  fault.duration = action.duration;
  fault.bytes = action.bytes;
  switch (action.kind) {
    case ActionKind::delay: fault.kind = IoFault::Kind::delay; return fault;
    case ActionKind::tarpit: fault.kind = IoFault::Kind::tarpit; return fault;
    case ActionKind::drop_mid_response: fault.kind = IoFault::Kind::drop_mid_response; return fault;
    case ActionKind::disconnect_after_bytes: fault.kind = IoFault::Kind::disconnect_after_bytes; return fault;
    case ActionKind::stall_tls_handshake: fault.kind = IoFault::Kind::stall_tls_handshake; return fault;
    case ActionKind::blackhole: fault.kind = IoFault::Kind::blackhole; return fault;
    case ActionKind::reset: fault.kind = IoFault::Kind::reset; return fault;
    default: return std::nullopt;
  }
}

}  // namespace mailsim::mock::faults
