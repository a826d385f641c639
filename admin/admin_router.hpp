#pragma once
// Matches a request to its handler by method and path pattern. Patterns are
// segments; "{name}" captures one segment, a final "{name...}" captures the
// rest of the path (fault ids such as "gmail_smtp/1" hold a slash).
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "admin/admin_exchange.hpp"

namespace mailsim::admin {

using PathParams = std::map<std::string, std::string>;
using AdminHandler = std::function<AdminResponse(const AdminRequest&, const PathParams&)>;

class AdminRouter {
 public:
  void add(std::string method, std::string pattern, AdminHandler handler);
  // 404 for an unknown path, 405 for a known path and another method; an
  // AdminError thrown by the handler becomes its error answer.
  AdminResponse handle(const AdminRequest& request) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    AdminHandler handler;
  };
  static bool match(const Route& route, const std::vector<std::string>& path, PathParams& params);
  std::vector<Route> routes_;
};

}  // namespace mailsim::admin
