#include "admin/admin_router.hpp"

#include <fmt/format.h>

namespace mailsim::admin {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t begin = 0;
  while (begin <= path.size()) {
    const auto end = std::min(path.find('/', begin), path.size());
    if (end > begin) segments.push_back(path.substr(begin, end - begin));
    begin = end + 1;
  }
  return segments;
}

bool is_capture(const std::string& segment) { return segment.size() > 2 && segment.front() == '{' && segment.back() == '}'; }

}  // namespace

void AdminRouter::add(std::string method, std::string pattern, AdminHandler handler) {
  routes_.push_back({std::move(method), split_path(pattern), std::move(handler)});
}

bool AdminRouter::match(const Route& route, const std::vector<std::string>& path, PathParams& params) {
  params.clear();
  for (std::size_t i = 0; i < route.segments.size(); ++i) {
    const auto& segment = route.segments[i];
    const bool rest = is_capture(segment) && segment.ends_with("...}");
    if (rest && i + 1 == route.segments.size()) {
      if (i >= path.size()) return false;
      std::string joined = path[i];
      for (std::size_t j = i + 1; j < path.size(); ++j) joined += "/" + path[j];
      params[segment.substr(1, segment.size() - 5)] = joined;
      return true;
    }
    if (i >= path.size()) return false;
    if (is_capture(segment)) params[segment.substr(1, segment.size() - 2)] = path[i];
    else if (segment != path[i]) return false;
  }
  return route.segments.size() == path.size();
}

AdminResponse AdminRouter::handle(const AdminRequest& request) const {
  const auto path = split_path(request.path);
  PathParams params;
  std::vector<std::string> allowed;
  for (const auto& route : routes_) {
    if (!match(route, path, params)) continue;
    if (route.method != request.method) {
      allowed.push_back(route.method);
      continue;
    }
    try {
      return route.handler(request, params);
    } catch (const AdminError& e) {
      return error_response(e.status, e.code, e.what());
    }
  }
  if (allowed.empty()) return error_response(404, "not_found", "no admin endpoint at " + request.path);
  auto response = error_response(405, "method_not_allowed",
                                 fmt::format("{} {} is not supported; use {}", request.method, request.path,
                                             fmt::join(allowed, ", ")));
  response.headers["Allow"] = fmt::format("{}", fmt::join(allowed, ", "));
  return response;
}

}  // namespace mailsim::admin
