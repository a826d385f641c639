#pragma once
// What every hostile-peer test needs around its peers: the process's memory,
// the scale of an attack (configurable, so CI stays fast and a person can
// turn it up), and a well-behaved client that must complete its whole
// session while the attack goes on.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace mailsim::hostile {

// Generous: only a hung or broken server ever takes this long.
inline constexpr std::chrono::milliseconds kWait{60'000};

// VmRSS of this process in KiB (from /proc/self/status). Under
// AddressSanitizer it is always 0: ASan's shadow memory and quarantine swamp
// what we allocate, so the memory bounds are checked by the plain build only
// (the sanitized build still checks every behaviour).
std::size_t rss_kib();

// The environment variable's value as a count, or fallback when unset or
// not a positive number (e.g. MAILSIM_HOSTILE_SLOWLORIS=5000).
std::size_t scale(const char* variable, std::size_t fallback);

// A whole SMTP session (EHLO, MAIL, RCPT, DATA, QUIT) against a plaintext
// listener; "" when every reply was the expected one, else what went wrong.
std::string smtp_session_problem(std::uint16_t port);
// A whole IMAP session (LOGIN alice secret, SELECT INBOX, NOOP, LOGOUT).
std::string imap_session_problem(std::uint16_t port);

}  // namespace mailsim::hostile
