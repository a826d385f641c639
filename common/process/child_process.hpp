#pragma once
// Runs another program (a real peer such as curl or python3 in tests, a
// scenario's `run` step): argv in, exit code and output out, killed if it
// outlives its deadline. Waits block on pipes and a pidfd, never by sleeping.
#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mailsim::process {

class ChildProcess {
 public:
  // Starts argv[0] (looked up in PATH) with stdin from stdin_data (closed after).
  explicit ChildProcess(std::vector<std::string> argv, std::map<std::string, std::string> extra_env = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // One line of stdout (without newline), or nullopt on EOF / deadline.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  // Waits for exit, collecting the rest of stdout and stderr. -1 on deadline (then killed).
  int wait(std::chrono::milliseconds timeout);
  void terminate();  // SIGTERM, then wait

  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }

 private:
  bool pump(std::chrono::steady_clock::time_point deadline, bool until_line);
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
  std::size_t line_pos_ = 0;
  int status_ = -1;
};

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs a command to completion (killed after timeout).
RunResult run(std::vector<std::string> argv, std::chrono::milliseconds timeout = std::chrono::seconds(60),
              std::map<std::string, std::string> extra_env = {});

// True when the program is on PATH (or an absolute path that exists).
bool have_program(const std::string& name);

}  // namespace mailsim::process
