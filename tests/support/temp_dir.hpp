#pragma once
// Test helpers: a temporary folder, and the child-process runner tests use
// to start real peers.
#include <string>

#include "common/process/child_process.hpp"

namespace mailsim::test {

using process::ChildProcess;
using process::have_program;
using process::run;
using process::RunResult;

// A fresh directory under $TMPDIR removed (with its contents) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name, const std::string& contents) const;  // writes, returns path

 private:
  std::string path_;
};

}  // namespace mailsim::test
