#pragma once
// Test doubles for the token manager: an HTTP transport answering from a
// script and counting requests, a repository in memory, and a temporary
// folder.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "client/oauth/http_transport.hpp"
#include "client/oauth/token_repository.hpp"

namespace mailsim::client::oauth::test {

class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mailsim-oauth-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(path_)) out.push_back(entry.path().filename());
    return out;
  }

 private:
  std::filesystem::path path_;
};

inline HttpResult answer(int status, std::string body, std::string content_type = "application/json") {
  HttpResult r;
  r.response = HttpResponse{status, std::move(content_type), "", std::move(body)};
  return r;
}

inline HttpResult no_answer(HttpFailure failure) {
  HttpResult r;
  r.failure = failure;
  r.detail = "scripted";
  return r;
}

// Answers requests from a queue (the last answer repeats), records them.
// A gate can hold every request until released, to line up concurrent callers.
class ScriptedTransport final : public HttpTransport {
 public:
  void push(HttpResult result) {
    std::lock_guard lock(mutex_);
    script_.push_back(std::move(result));
  }
  // Computes the answer from the request (used before the queue when set).
  void respond_with(std::function<HttpResult(const HttpRequest&)> responder) {
    std::lock_guard lock(mutex_);
    responder_ = std::move(responder);
  }
  void hold() {
    std::lock_guard lock(mutex_);
    held_ = true;
  }
  void release() {
    {
      std::lock_guard lock(mutex_);
      held_ = false;
    }
    changed_.notify_all();
  }
  // Blocks until n requests are in send() (held or answered).
  bool wait_for_requests(std::size_t n) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(30), [&] { return requests_.size() >= n; });
  }

  HttpResult send(const HttpRequest& request) override {
    std::unique_lock lock(mutex_);
    requests_.push_back(request);
    changed_.notify_all();
    changed_.wait_for(lock, std::chrono::seconds(30), [&] { return !held_; });
    if (responder_) return responder_(request);
    if (script_.empty()) return no_answer(HttpFailure::connect_failed);
    HttpResult result = script_.front();
    if (script_.size() > 1) script_.pop_front();
    return result;
  }

  std::vector<HttpRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::size_t count() const {
    std::lock_guard lock(mutex_);
    return requests_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<HttpResult> script_;
  std::function<HttpResult(const HttpRequest&)> responder_;
  std::vector<HttpRequest> requests_;
  bool held_ = false;
};

// Token sets in memory; saves can be made to fail; every save is recorded.
class MemoryRepository final : public TokenRepository {
 public:
  std::optional<TokenSet> load(Side side) override {
    std::lock_guard lock(mutex_);
    if (load_error_) throw TokenStoreError(TokenStoreError::Kind::damaged, "token store x failed its integrity check");
    return stored_.of(side);
  }
  void save(Side side, const TokenSet& tokens) override {
    std::lock_guard lock(mutex_);
    if (fail_saves_) throw TokenStoreError(TokenStoreError::Kind::unwritable, "token store x: cannot write: disk full");
    stored_.of(side) = tokens;
    saves_.push_back(tokens);
  }

  void put(Side side, TokenSet tokens) {
    std::lock_guard lock(mutex_);
    stored_.of(side) = std::move(tokens);
  }
  std::optional<TokenSet> stored(Side side) const {
    std::lock_guard lock(mutex_);
    return stored_.of(side);
  }
  std::vector<TokenSet> saves() const {
    std::lock_guard lock(mutex_);
    return saves_;
  }
  void fail_saves(bool on) {
    std::lock_guard lock(mutex_);
    fail_saves_ = on;
  }
  void fail_loads(bool on) {
    std::lock_guard lock(mutex_);
    load_error_ = on;
  }

 private:
  mutable std::mutex mutex_;
  StoredTokens stored_;
  std::vector<TokenSet> saves_;
  bool fail_saves_ = false;
  bool load_error_ = false;
};

}  // namespace mailsim::client::oauth::test
