#include "admin/admin_router.hpp"

#include <gtest/gtest.h>

namespace {

using namespace mailsim::admin;

AdminRequest request(std::string method, std::string path) {
  AdminRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

struct Router : ::testing::Test {
  AdminRouter router;
  PathParams seen;
  void SetUp() override {
    const auto echo = [this](const AdminRequest&, const PathParams& p) {
      seen = p;
      return AdminResponse{};
    };
    router.add("GET", "/api/items", echo);
    router.add("GET", "/api/items/{id}", echo);
    router.add("DELETE", "/api/rules/{id...}", echo);
    router.add("POST", "/api/fail", [](const AdminRequest&, const PathParams&) -> AdminResponse {
      throw AdminError(409, "conflict", "already there");
    });
  }
};

TEST_F(Router, CapturesOneSegment) {
  EXPECT_EQ(router.handle(request("GET", "/api/items/42")).status, 200);
  EXPECT_EQ(seen.at("id"), "42");
}

TEST_F(Router, ARestCaptureKeepsSlashes) {
  EXPECT_EQ(router.handle(request("DELETE", "/api/rules/gmail_smtp/1")).status, 200);
  EXPECT_EQ(seen.at("id"), "gmail_smtp/1");
  EXPECT_EQ(router.handle(request("DELETE", "/api/rules")).status, 404);
}

TEST_F(Router, UnknownPathsAre404WithJson) {
  const auto r = router.handle(request("GET", "/api/items/42/more"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body.at("error"), "not_found");
}

TEST_F(Router, AnotherMethodIs405AndSaysWhichAreAllowed) {
  const auto r = router.handle(request("PUT", "/api/items"));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers.at("Allow"), "GET");
}

TEST_F(Router, AThrownAdminErrorBecomesItsAnswer) {
  const auto r = router.handle(request("POST", "/api/fail"));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body.at("error"), "conflict");
  EXPECT_EQ(r.body.at("message"), "already there");
}

TEST(AdminExchange, BodiesMustBeJsonObjects) {
  AdminRequest r;
  r.body = "[1, 2]";
  EXPECT_THROW(json_object_body(r), AdminError);
  r.body = "{\"a\": 1";
  EXPECT_THROW(json_object_body(r), AdminError);
  r.body = "";
  EXPECT_THROW(json_object_body(r), AdminError);
  r.body = R"({"a": 1})";
  EXPECT_EQ(json_object_body(r).at("a"), 1);
}

TEST(AdminExchange, InvalidUtf8IsReplacedNotThrown) {
  EXPECT_NO_THROW(render_json(nlohmann::json{{"raw", std::string("caf\xe9")}}));
}

}  // namespace
