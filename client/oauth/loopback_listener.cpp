#include "client/oauth/loopback_listener.hpp"

#include <httplib.h>

#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "client/oauth/form_urlencoded.hpp"

namespace mailsim::client::oauth {
namespace {

constexpr const char* kHost = "127.0.0.1";
constexpr auto kStartTimeout = std::chrono::seconds(10);

// Fixed texts: nothing from the request is echoed into the page.
constexpr const char* kReceivedPage =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>mailsim</title></head>"
    "<body><p>mailsim received the authorization response. You can close this window.</p></body></html>";
constexpr const char* kAlreadyPage =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>mailsim</title></head>"
    "<body><p>mailsim already has an authorization response.</p></body></html>";
constexpr const char* kBadPage =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>mailsim</title></head>"
    "<body><p>The authorization response was malformed.</p></body></html>";

}  // namespace

struct LoopbackListener::Impl {
  std::string path;
  httplib::Server http;
  std::thread thread;
  std::uint16_t port = 0;
  std::mutex mutex;
  std::condition_variable arrived;
  std::optional<ParameterList> params;

  void on_callback(const httplib::Request& req, httplib::Response& res) {
    const auto question = req.target.find('?');
    const auto query = question == std::string::npos ? std::string_view() : std::string_view(req.target).substr(question + 1);
    auto parsed = parse_form(query);
    res.set_header("Cache-Control", "no-store");
    if (!parsed) {
      res.status = 400;
      res.set_content(kBadPage, "text/html; charset=utf-8");
      return;
    }
    {
      std::lock_guard lock(mutex);
      if (params) {
        res.status = 409;
        res.set_content(kAlreadyPage, "text/html; charset=utf-8");
        return;
      }
      params = std::move(*parsed);
    }
    arrived.notify_all();
    res.status = 200;
    res.set_content(kReceivedPage, "text/html; charset=utf-8");
  }
};

LoopbackListener::LoopbackListener(std::string callback_path) : impl_(std::make_unique<Impl>()) {
  if (callback_path.empty() || callback_path.front() != '/') callback_path.insert(callback_path.begin(), '/');
  impl_->path = std::move(callback_path);
  auto& http = impl_->http;
  http.new_task_queue = [] { return new httplib::ThreadPool(1); };
  http.set_payload_max_length(1024);  // a redirect is a GET without a body
  http.set_keep_alive_timeout(1);
  http.Get(impl_->path, [impl = impl_.get()](const httplib::Request& req, httplib::Response& res) {
    impl->on_callback(req, res);
  });
  const int port = http.bind_to_any_port(kHost);
  if (port <= 0) throw std::runtime_error(std::string("cannot listen on ") + kHost + " for the OAuth redirect");
  impl_->port = static_cast<std::uint16_t>(port);
  impl_->thread = std::thread([impl = impl_.get()] { impl->http.listen_after_bind(); });
  // The socket already accepts; stop() works once the accept loop runs.
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (!http.is_running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  if (!http.is_running()) {
    stop();
    throw std::runtime_error("the OAuth redirect listener did not start");
  }
}

LoopbackListener::~LoopbackListener() { stop(); }

std::uint16_t LoopbackListener::port() const { return impl_->port; }

std::string LoopbackListener::redirect_uri() const {
  return std::string("http://") + kHost + ":" + std::to_string(impl_->port) + impl_->path;
}

std::optional<ParameterList> LoopbackListener::wait(std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mutex);
  impl_->arrived.wait_for(lock, timeout, [this] { return impl_->params.has_value(); });
  return impl_->params;
}

void LoopbackListener::stop() {
  if (impl_->http.is_running()) impl_->http.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace mailsim::client::oauth
