#pragma once
// Test Connection reports for people (a table and per-side details) and for
// machines (JSON). Both hold only what the report holds: no secrets.
#include <nlohmann/json.hpp>
#include <string>

#include "client/connector/test_connection.hpp"

namespace mailsim::client {

// A summary table (side, protocol, endpoint, result, stage, reason, time),
// then per side: the stages, the server's words, the decoded SASL error
// challenge, our detail and the hint. with_transcript adds each side's
// protocol transcript.
std::string format_test_connection(const TestConnectionReport& report, bool with_transcript = false);

// {"ok": bool, "outbound": {...}, "inbound": {...}}; each side has ok,
// protocol, endpoint, stage, stages_passed, reason, server_words,
// sasl_error (parsed JSON when it is JSON), detail, hint, greeting,
// tls_version, auth_mechanism, command, elapsed_ms, and transcript when
// with_transcript.
nlohmann::json test_connection_json(const TestConnectionReport& report, bool with_transcript = false);

// One Failure as JSON: reason, stage, server_words, detail, hint, sasl_error.
nlohmann::json failure_json(const Failure& failure);

}  // namespace mailsim::client
