#pragma once
// The rules that span fields of a parsed connection file (oauth2 chosen
// without its block, a password that will be ignored, credentials in clear
// text ...), reported as errors and warnings at the lines they concern.
#include <string_view>

#include "client/connection/connection_config.hpp"
#include "client/connection/diagnostic_sink.hpp"
#include "client/connection/field_positions.hpp"

namespace mailsim::client {

// Fields `positions` marks invalid were already reported and are skipped.
void check_connection(const ConnectionConfig& config, const FieldPositions& positions, DiagnosticSink& sink);

// localhost, 127.0.0.0/8 and ::1: traffic that never leaves the machine.
bool is_loopback_host(std::string_view host);

}  // namespace mailsim::client
