// A stand-in for postfix(1) in the life-cycle kill campaign (tests/lifecycle_campaign_test.cc):
//   postfix -c DIR status            exit 1 (no instance runs)
//   postfix -c DIR set-permissions   make QUEUE/pid (QUEUE: DIR/main.cf's queue_directory, as
//                                    set-permissions makes queue subdirectories), then sleep
//                                    $POSTFIX_STUB_SLEEP_MS (default 50) and exit
//                                    $POSTFIX_STUB_EXIT (default 0)
// anything else: exit 2. No shell, libc only.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

int main(int argc, char** argv) {
  if (argc != 4 || std::strcmp(argv[1], "-c") != 0) return 2;
  std::string dir = argv[2], cmd = argv[3];
  if (cmd == "status") return 1;
  if (cmd != "set-permissions") return 2;
  if (std::FILE* f = std::fopen((dir + "/main.cf").c_str(), "r")) {
    char line[4096];
    const char* key = "queue_directory = ";
    while (std::fgets(line, sizeof line, f)) {
      if (std::strncmp(line, key, std::strlen(key)) != 0) continue;
      std::string q = line + std::strlen(key);
      while (!q.empty() && (q.back() == '\n' || q.back() == ' ')) q.pop_back();
      ::mkdir((q + "/pid").c_str(), 0755);
    }
    std::fclose(f);
  }
  const char* ms = std::getenv("POSTFIX_STUB_SLEEP_MS");
  long sleep_ms = ms ? std::atol(ms) : 50;
  struct timespec ts {
    sleep_ms / 1000, (sleep_ms % 1000) * 1000000
  };
  while (nanosleep(&ts, &ts) != 0) {
  }
  const char* ex = std::getenv("POSTFIX_STUB_EXIT");
  return ex ? std::atoi(ex) : 0;
}
