// KeptUntilExit<T>: an object of a command mode that the process's exit frees, not a destructor.
// A mode runs once per process and returns its exit status to main; destroying what it read and
// planned just before the exit (every instance's main.cf text, parsed configs, the plan) is work
// the kernel does for free: at N = 100 instances it was about 0.6 M of the wrapper's 8.6 M
// instructions (bench/findings.md, "Freeing at exit"). clang's -disable-free does the same.
// Under AddressSanitizer (the sanitizer stage and the fuzzers) the object is destroyed as usual,
// so that LeakSanitizer still reports every real leak.
#pragma once

#include <utility>

#if defined(__SANITIZE_ADDRESS__)
#define PFMULTI_FREE_AT_SCOPE_END 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PFMULTI_FREE_AT_SCOPE_END 1
#endif
#endif

namespace pfmulti {

template <class T>
class KeptUntilExit {
 public:
  template <class... Args>
  explicit KeptUntilExit(Args&&... args) : object_(new T(std::forward<Args>(args)...)) {}
  KeptUntilExit(const KeptUntilExit&) = delete;
  KeptUntilExit& operator=(const KeptUntilExit&) = delete;
  ~KeptUntilExit() {
#ifdef PFMULTI_FREE_AT_SCOPE_END
    delete object_;
#endif
  }
  T& operator*() { return *object_; }
  T* operator->() { return object_; }

 private:
  T* object_;
};

}  // namespace pfmulti
