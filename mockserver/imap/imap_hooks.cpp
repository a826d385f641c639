#include "mockserver/imap/imap_hooks.hpp"

namespace mailsim::mock {

ImapHooks& default_imap_hooks() {
  static ImapHooks hooks;
  return hooks;
}

}  // namespace mailsim::mock
