#pragma once
// A map that forgets its oldest entries past a capacity, so a client that
// keeps asking for tokens cannot grow the mock's memory without bound.
#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mailsim::oauth {

// At least two entries are kept, so the entry just inserted survives the
// next insertion (an access token and then its refresh token).
template <typename T>
class BoundedMap {
 public:
  explicit BoundedMap(std::size_t capacity) : capacity_(capacity < 2 ? 2 : capacity) {}

  T& insert(std::string key, T value) {
    if (T* existing = find(key)) return *existing = std::move(value);
    while (entries_.size() >= capacity_ && !order_.empty()) {
      entries_.erase(order_.front());
      order_.pop_front();
    }
    order_.push_back(key);
    return entries_.insert_or_assign(std::move(key), std::move(value)).first->second;
  }

  T* find(std::string_view key) {
    const auto it = entries_.find(std::string(key));
    return it == entries_.end() ? nullptr : &it->second;
  }
  const T* find(std::string_view key) const {
    const auto it = entries_.find(std::string(key));
    return it == entries_.end() ? nullptr : &it->second;
  }

  // Visits entries oldest first.
  template <typename F>
  void for_each(F&& f) {
    for (const auto& key : order_) f(entries_.at(key));
  }
  template <typename F>
  void for_each(F&& f) const {
    for (const auto& key : order_) f(entries_.at(key));
  }

  std::size_t size() const { return entries_.size(); }

 private:
  std::size_t capacity_;
  std::unordered_map<std::string, T> entries_;
  std::deque<std::string> order_;
};

}  // namespace mailsim::oauth
