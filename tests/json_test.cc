// Unit tests for the JSON value, parser and printer (model/text/json.h) and the plan/scenario forms
// (model/plan/plan_json.h; spec/plan.schema.json, spec/scenario.schema.json; spec/rules.md R96).
#include "model/text/json.h"

#include <gtest/gtest.h>

#include <cmath>

#include "model/plan/plan_json.h"

namespace pfmulti {
namespace {

TEST(Json, ParsesAndPrintsStandardJson) {
  auto v =
      parse_json(R"( {"a": [1, -2, 3.5e1, true, false, null], "b": {"c": "d\n\u00e9\u20ac"}} )");
  ASSERT_TRUE(v.is_ok()) << v.error();
  EXPECT_EQ(v->find("a")->as_array()[1].as_int(), -2);
  EXPECT_DOUBLE_EQ(v->find("a")->as_array()[2].as_double(), 35.0);
  EXPECT_EQ(v->find("b")->find("c")->as_string(), "d\n\xc3\xa9\xe2\x82\xac");
  // 3.5e1 is a double and prints as one ("35.0"), so that it reads back as a double
  // (FuzzRegression.JsonDoubleReadsBackAsTheSameDouble).
  EXPECT_EQ(to_json(*v, -1), R"({"a": [1, -2, 35.0, true, false, null], "b": {"c": "d\né€"}})");
}

// R96: a \u escape is a code point, as in every JSON library: \u00e9 is U+00E9, bytes c3 a9.
TEST(Json, StandardEscapesAreCodePoints) {
  auto v = parse_json(R"(["\u00e9", "\u00ff", "\u0080"])");
  ASSERT_TRUE(v.is_ok()) << v.error();
  EXPECT_EQ(v->as_array()[0].as_string(), "\xc3\xa9");
  EXPECT_EQ(v->as_array()[1].as_string(), "\xc3\xbf");
  EXPECT_EQ(v->as_array()[2].as_string(), "\xc2\x80");
}

TEST(Json, RejectsMalformedInput) {
  for (const char* bad : {"", "{", "[1,]", "{\"a\" 1}", "01", "\"\\x\"", "\"a", "{\"a\":1,\"a\":2}",
                          "1 2", "\"\\ud800\"", "nul", "[\"\x01\"]", "1e388", "-1e400"})
    EXPECT_FALSE(parse_json(bad).is_ok()) << bad;
  std::string deep(300, '[');
  EXPECT_FALSE(parse_json(deep).is_ok());
}

// Numbers are read with std::from_chars (no locale): below the smallest double they read as a
// signed zero, as strtod and Python's json give; above the largest they are refused (above).
TEST(Json, NumbersBelowTheSmallestDoubleReadAsZero) {
  auto v = parse_json("[1e-400, -1e-400, 2.4e-324, 0.00000000000000000001e-310, 1e-313, 1.5]");
  ASSERT_TRUE(v.is_ok()) << v.error();
  const auto& a = v->as_array();
  EXPECT_EQ(a[0].as_double(), 0.0);
  EXPECT_FALSE(std::signbit(a[0].as_double()));
  EXPECT_EQ(a[1].as_double(), 0.0);
  EXPECT_TRUE(std::signbit(a[1].as_double()));
  EXPECT_EQ(a[2].as_double(), 0.0);
  EXPECT_EQ(a[3].as_double(), 0.0);
  EXPECT_DOUBLE_EQ(a[4].as_double(), 1e-313);
  EXPECT_DOUBLE_EQ(a[5].as_double(), 1.5);
  for (const char* big : {"1.8e308", "100000000000000000000e300", "-0.1e400"})
    EXPECT_FALSE(parse_json(big).is_ok()) << big;
}

TEST(Json, NonUtf8BytesRoundTrip) {
  std::string bytes;
  for (int c = 0; c < 256; ++c) bytes.push_back(static_cast<char>(c));
  bytes += "\xc3\xa9\xf0\x9f\x98\x80\xed\xa0\x80";  // é, an emoji, an encoded surrogate
  std::string text = json_quote(bytes);
  auto back = parse_json(text);
  ASSERT_TRUE(back.is_ok()) << back.error();
  EXPECT_EQ(back->as_string(), bytes);
  // Every length modulo 3 and every leading byte, as values and as keys.
  for (size_t n = 0; n < 8; ++n) {
    for (std::string lead : {std::string(1, '\0'), std::string("\xff"), std::string("a")}) {
      std::string s = lead + bytes.substr(200, n);
      Json o = Json::object();
      o.set(s, Json(s));
      auto r = parse_json(to_json(o, -1));
      ASSERT_TRUE(r.is_ok()) << r.error();
      EXPECT_EQ(*r, o) << to_json(o, -1);
    }
  }
  // Valid UTF-8 is written as is; other bytes, and a string that begins with NUL, as base64.
  EXPECT_EQ(json_quote("\xc3\xa9"), "\"\xc3\xa9\"");
  EXPECT_EQ(json_quote("\xff"), R"("\u0000base64:/w==")");
  EXPECT_EQ(json_quote(std::string("\0a", 2)), R"("\u0000base64:AGE=")");
  EXPECT_EQ(json_quote(std::string("a\0", 2)), R"("a\u0000")");
  // A string that begins with U+0000 but is not the base64 form is refused, not guessed at.
  for (const char* bad : {R"("\u0000")", R"("\u0000base64:/w=")", R"("\u0000base64:/w=x")",
                          R"("\u0000base64:!!!!")", R"("\u0000base32:AA==")"})
    EXPECT_FALSE(parse_json(bad).is_ok()) << bad;
}

TEST(PlanJson, PlanRoundTripsAndKeepsRequiredShape) {
  Plan p;
  p.actions.push_back(ExecAction{{"/x", "a"}, {{"K", "V"}}, "why"});
  p.actions.push_back(
      RunAction{"/etc/postfix-a", {"p", "--", "start"}, {{"MAIL_CONFIG", "/a"}}, {"X"}, ""});
  p.actions.push_back(SkipAction{"/etc/postfix-b", "disabled"});
  p.actions.push_back(FailAction{"", "bad", 2});
  p.exit = ExitRule::kLastFailure;
  p.warnings = {"w"};
  p.output = "o\n";
  Json j = plan_to_json(p);
  const auto& actions = j.find("actions")->as_array();
  EXPECT_EQ(actions[1].find("op")->as_string(), "run");
  EXPECT_EQ(actions[1].find("config_directory")->as_string(), "/etc/postfix-a");
  EXPECT_TRUE(actions[1].find("argv")->is_array());
  EXPECT_TRUE(actions[1].find("env")->is_object());
  EXPECT_EQ(actions[2].find("reason")->as_string(), "disabled");
  EXPECT_EQ(j.find("exit")->as_string(), "last-failure");
  auto back = parse_plan(to_json(j));
  ASSERT_TRUE(back.is_ok()) << back.error();
  EXPECT_EQ(*back, p);
}

TEST(PlanJson, ScenarioErrorsNameTheMember) {
  EXPECT_EQ(parse_scenario(R"({"program": "postfix"})").error(), "scenario: missing \"argv\"");
  EXPECT_EQ(parse_scenario(R"({"program": "sendmail", "argv": []})").error(),
            "scenario: unknown program \"sendmail\"");
  EXPECT_EQ(parse_scenario(R"({"program": "postfix", "argv": [], "bogus": 1})").error(),
            "scenario: unknown member \"bogus\"");
  auto s = parse_scenario(
      R"({"program": "wrapper", "profile": "seed", "argv": ["w"], "env": {"A": "1"},
          "files": {"/e/main.cf": "x = 1\n", "/f/main.cf": {"unreadable": "EACCES"}},
          "defaults": {"queue_directory": "/q"}, "directories": ["/e"], "cwd": "/e"})");
  ASSERT_TRUE(s.is_ok()) << s.error();
  EXPECT_EQ(s->profile, ProfileName::kSeed);
  EXPECT_EQ(std::get<Unreadable>(s->files.at("/f/main.cf")).reason, "EACCES");
  EXPECT_EQ(*s->defaults.find("queue_directory"), "/q");
  EXPECT_EQ(*s->defaults.find("command_directory"), "/usr/sbin");
  auto again = parse_scenario(to_json(scenario_to_json(*s)));
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(*again, *s);
}

}  // namespace
}  // namespace pfmulti
