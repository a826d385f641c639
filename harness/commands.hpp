#pragma once
// Entry points of the `mailsim` subcommands; each returns the exit code.
#include <ostream>
#include <string_view>

namespace mailsim::harness {

std::string_view version();
// Mock SMTP server + our client over STARTTLS with AUTH PLAIN; prints what was captured.
int run_demo(std::ostream& out, std::ostream& err);

}  // namespace mailsim::harness
