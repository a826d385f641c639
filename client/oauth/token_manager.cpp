#include "client/oauth/token_manager.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "client/oauth/token_failure.hpp"

namespace mailsim::client::oauth {
namespace {

std::string side_name(Side side) { return side == Side::outbound ? "outbound" : "inbound"; }

Failure make_failure(Reason reason, Stage stage, std::string detail, std::string hint = {}) {
  Failure f;
  f.reason = reason;
  f.stage = stage;
  f.detail = std::move(detail);
  f.hint = hint.empty() ? std::string(default_hint(reason)) : std::move(hint);
  return f;
}

AccessTokenResult failed(Failure f) {
  AccessTokenResult r;
  r.failure = std::move(f);
  return r;
}

AccessTokenResult handed_out(const TokenSet& tokens, bool refreshed) {
  AccessTokenResult r;
  r.access_token = tokens.access_token;
  r.refreshed = refreshed;
  return r;
}

}  // namespace

struct TokenManager::Slot {
  Side stored_as = Side::outbound;
  TokenSource source;
  // Held for the whole check-refresh-save, so callers sharing the set wait
  // for one refresh instead of starting their own.
  std::mutex mutex;
  std::optional<TokenSet> tokens;
  bool unsaved = false;  // tokens newer than the store: the save failed
  // Counts refreshes; a forced caller that sees it move while waiting for
  // the lock takes the token another caller just got.
  std::atomic<std::uint64_t> generation{0};
  std::optional<Failure> last_failure;
};

TokenManager::TokenManager(TokenManagerSetup setup)
    : inbound_uses_outbound_(setup.inbound_uses_outbound),
      clock_(setup.clock ? std::move(setup.clock) : system_clock()),
      sleeper_(setup.sleeper ? std::move(setup.sleeper)
                             : Sleeper([](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); })),
      options_(setup.options) {
  const auto make_slot = [](Side side, std::optional<TokenSource>& source) -> std::unique_ptr<Slot> {
    if (!source) return nullptr;
    if (!source->store || !source->client) throw std::invalid_argument("token manager: a side lacks a store or client");
    auto slot = std::make_unique<Slot>();
    slot->stored_as = side;
    slot->source = std::move(*source);
    return slot;
  };
  outbound_ = make_slot(Side::outbound, setup.outbound);
  inbound_ = make_slot(Side::inbound, setup.inbound);
  options_.max_attempts = std::max(1, options_.max_attempts);
}

TokenManager::~TokenManager() = default;

TokenManager::Slot* TokenManager::slot_for(Side side) const {
  if (side == Side::outbound || inbound_uses_outbound_) return outbound_.get();
  return inbound_.get();
}

bool TokenManager::fresh(const TokenSet& tokens) const {
  if (!tokens.expires_at) return true;  // no lifetime given: good until rejected
  const auto lifetime = *tokens.expires_at - tokens.obtained_at;
  const auto skew = std::max(Clock::duration::zero(),
                             std::min<Clock::duration>(options_.refresh_skew, lifetime / 2));
  return clock_->now() < *tokens.expires_at - skew;
}

AccessTokenResult TokenManager::get(Side side, bool force_refresh) {
  Slot* slot = slot_for(side);
  if (!slot) {
    return failed(make_failure(Reason::config_invalid, Stage::config,
                               "the " + side_name(side) + " side has no OAuth 2.0 settings"));
  }
  const auto seen = slot->generation.load();
  std::lock_guard lock(slot->mutex);
  auto result = get_locked(*slot, force_refresh, std::nullopt, seen);
  slot->last_failure = result.failure;
  return result;
}

AccessTokenResult TokenManager::refresh_rejected(Side side, std::string_view rejected_token) {
  Slot* slot = slot_for(side);
  if (!slot) {
    return failed(make_failure(Reason::config_invalid, Stage::config,
                               "the " + side_name(side) + " side has no OAuth 2.0 settings"));
  }
  const auto seen = slot->generation.load();
  std::lock_guard lock(slot->mutex);
  auto result = get_locked(*slot, true, rejected_token, seen);
  slot->last_failure = result.failure;
  return result;
}

std::optional<std::string> TokenManager::access_token(Side side, bool force_refresh) {
  auto result = get(side, force_refresh);
  if (!result.ok()) return std::nullopt;
  return std::move(result.access_token);
}

std::optional<Failure> TokenManager::last_failure(Side side) const {
  Slot* slot = slot_for(side);
  if (!slot) return make_failure(Reason::config_invalid, Stage::config,
                                 "the " + side_name(side) + " side has no OAuth 2.0 settings");
  std::lock_guard lock(slot->mutex);
  return slot->last_failure;
}

void TokenManager::reload() {
  for (Slot* slot : {outbound_.get(), inbound_.get()}) {
    if (!slot) continue;
    std::lock_guard lock(slot->mutex);
    if (!slot->unsaved) slot->tokens.reset();
  }
}

AccessTokenResult TokenManager::get_locked(Slot& slot, bool force, std::optional<std::string_view> rejected,
                                           std::uint64_t generation_seen) {
  const std::string side = side_name(slot.stored_as);
  if (!slot.tokens) {
    try {
      slot.tokens = slot.source.store->load(slot.stored_as);
    } catch (const TokenStoreError& e) {
      return failed(make_failure(Reason::config_invalid, Stage::config, e.what()));
    }
    if (!slot.tokens) {
      return failed(make_failure(Reason::oauth_consent_required, Stage::authenticate,
                                 "no " + side + " token set is stored: run generate to authorize"));
    }
  }
  if (slot.unsaved) {
    try {
      slot.source.store->save(slot.stored_as, *slot.tokens);
      slot.unsaved = false;
    } catch (const TokenStoreError& e) {
      return failed(make_failure(Reason::oauth_refresh_failed, Stage::authenticate,
                                 std::string("the refreshed tokens could not be saved: ") + e.what(),
                                 "make the token store writable"));
    }
  }
  if (rejected) {
    if (slot.tokens->access_token != *rejected) return handed_out(*slot.tokens, false);
  } else if (force) {
    if (slot.generation.load() != generation_seen) return handed_out(*slot.tokens, false);
  } else if (fresh(*slot.tokens)) {
    return handed_out(*slot.tokens, false);
  }
  // Another process sharing the store may have refreshed (or generated)
  // already: its set is newer than ours, and our refresh token may be retired.
  if (auto newer = stored_elsewhere(slot)) {
    slot.tokens = std::move(*newer);
    slot.generation.fetch_add(1);
    if (fresh(*slot.tokens)) return handed_out(*slot.tokens, false);
  }
  return refresh_locked(slot);
}

std::optional<TokenSet> TokenManager::stored_elsewhere(Slot& slot) {
  try {
    auto stored = slot.source.store->load(slot.stored_as);
    if (stored && stored->access_token != slot.tokens->access_token) return stored;
  } catch (const TokenStoreError&) {
    // Unreadable now: refresh with what we hold; saving will report it.
  }
  return std::nullopt;
}

AccessTokenResult TokenManager::refresh_locked(Slot& slot) {
  const TokenSet old = *slot.tokens;
  if (old.refresh_token.empty()) {
    return failed(make_failure(Reason::oauth_refresh_failed, Stage::authenticate,
                               "the " + side_name(slot.stored_as) +
                                   " token cannot be refreshed: the server issued no refresh token "
                                   "(does the scope need offline_access?)"));
  }
  TokenResult result;
  auto backoff = options_.first_backoff;
  for (int attempt = 1;; ++attempt) {
    result = slot.source.client->refresh(old.refresh_token);
    if (result.ok()) break;
    if (!result.error->retryable() || attempt >= options_.max_attempts) {
      return failed(token_failure(*result.error, Reason::oauth_refresh_failed, "refreshing the access token", attempt));
    }
    sleeper_(backoff);
    backoff = std::min(backoff * 2, options_.max_backoff);
  }

  TokenSet next = std::move(*result.tokens);
  // RFC 6749 6: without a new refresh token (or scope) the old one stays.
  if (next.refresh_token.empty()) next.refresh_token = old.refresh_token;
  if (next.scope.empty()) next.scope = old.scope;
  slot.tokens = next;
  slot.generation.fetch_add(1);
  // Saved before anyone gets the new access token: if the old refresh token
  // was retired by rotation, the new one must survive a crash.
  try {
    slot.source.store->save(slot.stored_as, next);
  } catch (const TokenStoreError& e) {
    slot.unsaved = true;
    return failed(make_failure(Reason::oauth_refresh_failed, Stage::authenticate,
                               std::string("the refreshed tokens could not be saved: ") + e.what(),
                               "make the token store writable"));
  }
  return handed_out(next, true);
}

}  // namespace mailsim::client::oauth
