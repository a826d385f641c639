#include "fault_world.hpp"

namespace mailsim::faults_test {
namespace {

class SignallingSmtpHooks final : public mock::SmtpSessionHooks {
 public:
  SignallingSmtpHooks(std::shared_ptr<mock::SmtpSessionHooks> inner, GreetingSignal& signal)
      : inner_(std::move(inner)), signal_(signal) {}
  mock::SmtpHookAction on_connect(const mock::SmtpSession& s) override {
    auto action = inner_->on_connect(s);
    signal_.arrived();
    return action;
  }
  mock::SmtpHookAction on_command(const mock::SmtpSession& s, const mock::SmtpCommand& c) override {
    return inner_->on_command(s, c);
  }
  mock::SmtpHookAction on_data_end(const mock::SmtpSession& s, const mock::CapturedMessage& m) override {
    return inner_->on_data_end(s, m);
  }
  void on_close(const mock::SmtpSession& s) override { inner_->on_close(s); }

 private:
  std::shared_ptr<mock::SmtpSessionHooks> inner_;
  GreetingSignal& signal_;
};

class SignallingImapHooks final : public mock::ImapHooks {
 public:
  SignallingImapHooks(std::shared_ptr<mock::ImapHooks> inner, GreetingSignal& signal)
      : inner_(std::move(inner)), signal_(signal) {}
  mock::HookAction on_connect(const mock::ImapHookContext& c) override {
    auto action = inner_->on_connect(c);
    signal_.arrived();
    return action;
  }
  mock::HookAction on_command(const mock::ImapHookContext& c, const mock::imap::ImapCommand& command) override {
    return inner_->on_command(c, command);
  }
  void before_response(const mock::ImapHookContext& c, std::string& response) override {
    inner_->before_response(c, response);
  }
  void on_disconnect(const mock::ImapHookContext& c) override { inner_->on_disconnect(c); }

 private:
  std::shared_ptr<mock::ImapHooks> inner_;
  GreetingSignal& signal_;
};

}  // namespace

FaultRule rule(Trigger trigger, ActionKind kind, std::vector<std::string> verbs) {
  FaultRule r;
  r.match.trigger = trigger;
  r.match.verbs = std::move(verbs);
  r.action.kind = kind;
  return r;
}

void GreetingSignal::arrived() {
  {
    std::lock_guard lock(mutex_);
    ++count_;
  }
  changed_.notify_all();
}

bool GreetingSignal::wait(std::size_t count, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return count_ >= count; });
}

SmtpWorld::SmtpWorld(mock::Security security)
    : engine(std::make_shared<mock::faults::FaultEngine>(system_clock())) {
  mock::SmtpServerConfig config;
  config.name = "mx";
  config.tls.security = security;
  config.users = {{kUser, kPassword}};
  config.hooks = std::make_shared<SignallingSmtpHooks>(std::make_shared<mock::faults::SmtpFaultHooks>(engine, "mx"),
                                                       greeted);
  server = std::make_unique<mock::SmtpServer>(config);
  server->start();
}

std::string SmtpWorld::transcripts() const {
  std::string out;
  for (const auto& session : server->transcripts()) out += session.transcript->render();
  return out;
}

ImapWorld::ImapWorld(mock::Security security)
    : engine(std::make_shared<mock::faults::FaultEngine>(system_clock())) {
  mock::ImapServerConfig config;
  config.name = "box";
  config.tls.security = security;
  config.users = {{kUser, kPassword}};
  config.hooks = std::make_shared<SignallingImapHooks>(std::make_shared<mock::faults::ImapFaultHooks>(engine, "box"),
                                                       greeted);
  server = std::make_unique<mock::ImapServer>(config);
  server->store().add_message(kUser, "INBOX", kMessage, {}, mock::InternalDate::from(system_clock()->now()));
  server->start();
}

std::string ImapWorld::transcripts() const {
  std::string out;
  for (const auto& t : server->transcripts()) out += t->render();
  return out;
}

}  // namespace mailsim::faults_test
