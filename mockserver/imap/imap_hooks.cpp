#include "mockserver/imap/imap_hooks.hpp"

namespace mailsim::mock {

namespace {

class NoHooks final : public ImapHooks {
 public:
  bool inspects_responses() const override { return false; }
};

}  // namespace

ImapHooks& default_imap_hooks() {
  static NoHooks hooks;
  return hooks;
}

}  // namespace mailsim::mock
