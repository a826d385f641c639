#include "client/oauth/browser.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdlib>

extern char** environ;

namespace mailsim::client::oauth {

bool open_in_browser(const std::string& url) {
  const char* display = std::getenv("DISPLAY");
  if (!display || !*display) return false;
  // sh starts xdg-open in the background and exits at once, so there is no
  // child left to wait for; the URL is an argument, never shell text.
  const char* script = "xdg-open \"$1\" </dev/null >/dev/null 2>&1 &";
  char* argv[] = {const_cast<char*>("sh"), const_cast<char*>("-c"), const_cast<char*>(script),
                  const_cast<char*>("sh"), const_cast<char*>(url.c_str()), nullptr};
  pid_t pid = 0;
  if (posix_spawnp(&pid, "sh", nullptr, nullptr, argv, environ) != 0) return false;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace mailsim::client::oauth
