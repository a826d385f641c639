#pragma once
// A hostile mail server for client tests: a raw loopback listener whose one
// connection runs a script on a thread of its own (send endless lines, stop
// mid-line, answer a ClientHello with nothing...). Scripts end when the
// client hangs up, so nothing here waits on a clock; socket timeouts only
// keep a broken test from hanging.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace mailsim::hostile {

class ScriptedConnection {
 public:
  explicit ScriptedConnection(int fd) : fd_(fd) {}
  bool send(std::string_view bytes);  // false once the client has gone
  // Sends bytes again and again until the client hangs up; bytes sent.
  std::size_t send_forever(std::string_view bytes);
  std::optional<std::string> read_line();  // without CRLF; nullopt at the end
  void drain();  // reads until the client hangs up

 private:
  int fd_;
  std::string buffer_;
};

class ScriptedServer {
 public:
  using Script = std::function<void(ScriptedConnection&)>;
  explicit ScriptedServer(Script script);
  ~ScriptedServer();  // waits for the script
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;
  std::uint16_t port() const { return port_; }

 private:
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

}  // namespace mailsim::hostile
