// A fixed set of connections handed out one caller at a time (used by both adapters).
// with(fn) blocks until a connection is free, runs fn(conn) and always returns the connection, even if
// fn throws. Counts waits and connections in use for the metrics.
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace motcua::store {

template <class C>
class Pool {
 public:
  void add(std::unique_ptr<C> c) {
    std::lock_guard lk(mu_);
    free_.push_back(c.get());
    all_.push_back(std::move(c));
  }

  template <class F>
  void with(F&& fn) {
    C* c = nullptr;
    {
      std::unique_lock lk(mu_);
      if (free_.empty()) ++waits_;
      cv_.wait(lk, [&] { return !free_.empty(); });
      c = free_.back();
      free_.pop_back();
      ++in_use_;
    }
    struct Back {
      Pool* self;
      C* c;
      ~Back() {
        {
          std::lock_guard lk(self->mu_);
          self->free_.push_back(c);
          --self->in_use_;
        }
        self->cv_.notify_one();
      }
    } back{this, c};
    fn(*c);
  }

  int size() const {
    std::lock_guard lk(mu_);
    return static_cast<int>(all_.size());
  }
  int in_use() const {
    std::lock_guard lk(mu_);
    return in_use_;
  }
  int64_t waits() const {
    std::lock_guard lk(mu_);
    return waits_;
  }

 private:
  std::vector<std::unique_ptr<C>> all_;
  std::vector<C*> free_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int in_use_ = 0;
  int64_t waits_ = 0;
};

}  // namespace motcua::store
