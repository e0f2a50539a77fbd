// Traces of `pfmulti conform`: from plans, from the recording stub, compared (see
// conform_trace.h).
#include "impl/conform/core/conform_trace.h"

#include <fmt/format.h>

#include <variant>

#include "model/main_cf/param_defaults.h"
#include "model/text/strings.h"

namespace pfmulti {

namespace {

std::string abstract_root(std::string s, const std::string& root) {
  if (root.empty()) return s;
  size_t pos = 0;
  while ((pos = s.find(root, pos)) != std::string::npos) {
    s.replace(pos, root.size(), "@ROOT@");
    pos += 6;
  }
  return s;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::optional<std::string> decode(std::string_view token) {
  if (token == "%") return std::string();
  std::string out;
  for (size_t i = 0; i < token.size(); ++i) {
    if (token[i] != '%') {
      out.push_back(token[i]);
      continue;
    }
    if (i + 2 >= token.size()) return std::nullopt;
    int hi = hex_value(token[i + 1]), lo = hex_value(token[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

bool is_failure(const Ending& e) { return e.signal || e.value != 0 || e.timed_out; }

// The status a shell's $? gives for the ending.
int shell_status(const Ending& e) { return e.signal ? 128 + e.value : e.value; }

std::string words_text(const std::vector<std::string>& words, const std::string& root) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += " ";
    std::string a = abstract_root(w, root);
    bool plain = !a.empty() && a.find_first_of(" \t\n'\"\\$`") == std::string::npos;
    out += plain ? a : json_quote(a);
  }
  return out;
}

}  // namespace

const std::vector<std::string>& watched_variables() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v{"MAIL_CONFIG", "MAIL_DEBUG", "MAIL_VERBOSE", "MAIL_LOGTAG",
                               "LANG",        "TZ",         "PATH"};
    for (const auto& n : exported_parameter_names()) v.push_back(n);
    return v;
  }();
  return names;
}

namespace {

// Index of the first command word; sets *dir from -c.
size_t scan_options(const std::vector<std::string>& args, std::optional<std::string>* dir) {
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") return i + 1;
    if (a.size() < 2 || a[0] != '-') return i;
    for (size_t k = 1; k < a.size(); ++k) {
      if (a[k] == 'c') {
        if (k + 1 < a.size()) {
          *dir = a.substr(k + 1);
        } else if (i + 1 < args.size()) {
          *dir = args[++i];
        }
        break;
      }
      if (a[k] != 'D' && a[k] != 'v') return i;
    }
  }
  return i;
}

}  // namespace

std::string call_instance(const Call& call) {
  std::optional<std::string> dir;
  scan_options(call.args, &dir);
  if (dir) return squeeze_slashes(*dir);
  auto it = call.env.find("MAIL_CONFIG");
  return it == call.env.end() ? std::string() : squeeze_slashes(it->second);
}

std::vector<std::string> call_words(const Call& call) {
  std::optional<std::string> dir;
  size_t first = scan_options(call.args, &dir);
  return {call.args.begin() + static_cast<long>(std::min(first, call.args.size())),
          call.args.end()};
}

Trace expected_trace(const Plan& plan, const EnvMap& manager_env, const OutcomeOf& outcome_of) {
  Trace t;
  bool any_failure = false;
  bool can_say = true;
  const FailAction* whole = nullptr;
  int last_failure = 0;
  for (const auto& action : plan.actions) {
    if (const auto* run = std::get_if<RunAction>(&action)) {
      Call c;
      c.program = run->argv.empty() ? std::string() : squeeze_slashes(run->argv[0]);
      c.args.assign(run->argv.size() > 1 ? run->argv.begin() + 1 : run->argv.end(),
                    run->argv.end());
      EnvMap env = manager_env;
      for (const auto& [k, v] : run->env) env[k] = v;
      for (const auto& k : run->unset) env.erase(k);
      for (const auto& name : watched_variables())
        if (auto it = env.find(name); it != env.end()) c.env[name] = it->second;
      Ending e = outcome_of(call_instance(c));
      if (is_failure(e)) {
        any_failure = true;
        last_failure = shell_status(e);
      }
      t.calls.push_back(std::move(c));
    } else if (const auto* fail = std::get_if<FailAction>(&action)) {
      any_failure = true;
      if (fail->config_directory.empty()) whole = fail;
    } else if (std::holds_alternative<ExecAction>(action)) {
      can_say = false;  // an exec'd program's behaviour is not the plan's to say
    }
  }
  if (!can_say) return t;
  switch (plan.exit) {
    case ExitRule::kLastFailure:
      t.ending = Ending{false, whole ? whole->exit_status : last_failure, false};
      break;
    case ExitRule::kAnyFailureIsOne:
      t.ending = Ending{false, whole ? whole->exit_status : (any_failure ? 1 : 0), false};
      break;
    case ExitRule::kFail:
      t.ending = Ending{false, whole ? whole->exit_status : 1, false};
      break;
    case ExitRule::kExec:
      break;
  }
  return t;
}

Result<std::vector<Call>> parse_recorded_calls(std::string_view text) {
  using R = Result<std::vector<Call>>;
  std::vector<Call> out;
  size_t begin = 0;
  int line_no = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) return R::fail("trace: last line is incomplete");
    std::string_view line = text.substr(begin, end - begin);
    begin = end + 1;
    ++line_no;
    std::vector<std::string> tokens;
    size_t p = 0;
    while (p <= line.size()) {
      size_t q = line.find(' ', p);
      if (q == std::string_view::npos) q = line.size();
      auto tok = decode(line.substr(p, q - p));
      if (!tok) return R::fail(fmt::format("trace, line {}: bad encoding", line_no));
      tokens.push_back(*tok);
      p = q + 1;
    }
    if (tokens.size() < 3 || tokens[0] != "call")
      return R::fail(fmt::format("trace, line {}: not a call record", line_no));
    Call c;
    c.program = squeeze_slashes(tokens[1]);
    size_t i = 3;  // tokens[2] is argv[0]
    for (; i < tokens.size() && tokens[i] != "env"; ++i) c.args.push_back(tokens[i]);
    std::map<std::string, std::string> all;
    for (++i; i < tokens.size(); ++i) {
      size_t eq = tokens[i].find('=');
      if (eq == std::string::npos) continue;
      all.emplace(tokens[i].substr(0, eq), tokens[i].substr(eq + 1));
    }
    for (const auto& name : watched_variables())
      if (auto it = all.find(name); it != all.end()) c.env[name] = it->second;
    out.push_back(std::move(c));
  }
  return R::ok(std::move(out));
}

std::string ending_text(const Ending& e) {
  if (e.timed_out) return "timed out (killed)";
  return e.signal ? fmt::format("killed by signal {}", e.value) : fmt::format("exit {}", e.value);
}

std::string call_text(const Call& c, const std::string& root) {
  std::string env;
  if (auto it = c.env.find("MAIL_CONFIG"); it != c.env.end())
    env = fmt::format("MAIL_CONFIG={} ", words_text({it->second}, root));
  std::string prog = abstract_root(c.program, root);
  return env + words_text({prog}, root) + (c.args.empty() ? "" : " ") + words_text(c.args, root);
}

std::optional<Difference> compare_traces(
    const Trace& expected, const Trace& actual,
    const std::function<std::string(const std::string&)>& describe_instance) {
  // The abstract form first: (instance, command words), in order.
  size_t n = std::max(expected.calls.size(), actual.calls.size());
  auto element = [&](const std::vector<Call>& calls, size_t k) -> std::string {
    if (k >= calls.size()) return "no call";
    return fmt::format("{}: postfix {}", describe_instance(call_instance(calls[k])),
                       fmt::join(call_words(calls[k]), " "));
  };
  if (!expected.calls.empty() && actual.calls.empty()) {
    // Nothing ran at all (e.g. a whole-command abort): one kind, whatever the instances.
    Difference d;
    std::string first = describe_instance(call_instance(expected.calls[0]));
    bool plain = first.ends_with("[enable=yes]") || first.ends_with("[enable=no]");
    d.signature = plain ? "no call at all (the model expects some)"
                        : "no call at all (the model expects some, first on " + first + ")";
    d.description = fmt::format("no postfix call at all; expected {} (first: [{}])",
                                expected.calls.size(), element(expected.calls, 0));
    return d;
  }
  for (size_t k = 0; k < n; ++k) {
    bool same = k < expected.calls.size() && k < actual.calls.size() &&
                call_instance(expected.calls[k]) == call_instance(actual.calls[k]) &&
                call_words(expected.calls[k]) == call_words(actual.calls[k]);
    if (same) continue;
    Difference d;
    d.call_index = k;
    // The kind: the same instance runs other words, an expected call is missing, an extra call
    // is made, or two instances come in another order. Only the command word (not its
    // arguments) and the instances' descriptions count.
    // The command word counts only when the instance is a plain enabled or disabled one (then
    // the command's class is the cause); a damaged, odd or unlisted one is the cause itself.
    auto head = [&](const std::vector<Call>& calls, size_t i) {
      std::string who = describe_instance(call_instance(calls[i]));
      bool plain = who.ends_with("[enable=yes]") || who.ends_with("[enable=no]");
      if (!plain) return std::string();
      auto w = call_words(calls[i]);
      return ": postfix " + (w.empty() ? std::string("(no command)") : w.front());
    };
    auto occurs = [](const std::vector<Call>& calls, size_t from, const std::string& inst) {
      for (size_t i = from; i < calls.size(); ++i)
        if (call_instance(calls[i]) == inst) return true;
      return false;
    };
    bool have_e = k < expected.calls.size(), have_a = k < actual.calls.size();
    std::string ei = have_e ? call_instance(expected.calls[k]) : "";
    std::string ai = have_a ? call_instance(actual.calls[k]) : "";
    if (have_e && have_a && ei == ai) {
      d.signature = fmt::format("{}: expected postfix {}, actual postfix {}", describe_instance(ei),
                                fmt::join(call_words(expected.calls[k]), " "),
                                fmt::join(call_words(actual.calls[k]), " "));
    } else if (have_e && !occurs(actual.calls, k, ei)) {
      d.signature =
          fmt::format("missing call: {}{}", describe_instance(ei), head(expected.calls, k));
    } else if (have_a && !occurs(expected.calls, k, ai)) {
      d.signature = fmt::format("extra call: {}{}", describe_instance(ai), head(actual.calls, k));
    } else {
      auto role = [&](const std::string& inst) {
        std::string r = describe_instance(inst);
        return r.substr(0, r.find('['));
      };
      d.signature = fmt::format("order: expected {} first, actual {} first", role(ei), role(ai));
    }
    d.description = fmt::format("call #{}: expected [{}], actual [{}]", k + 1,
                                element(expected.calls, k), element(actual.calls, k));
    return d;
  }
  // Then the concrete form: program, argv, watched environment.
  for (size_t k = 0; k < n; ++k) {
    const Call& e = expected.calls[k];
    const Call& a = actual.calls[k];
    if (e == a) continue;
    Difference d;
    d.call_index = k;
    d.form_only = true;
    std::vector<std::string> what, detail;
    auto shown = [](const std::map<std::string, std::string>& env, const std::string& name) {
      auto it = env.find(name);
      return it == env.end() ? std::string("unset") : json_quote(it->second);
    };
    if (e.program != a.program) what.push_back("program");
    if (e.args != a.args) what.push_back("argv");
    for (const auto& name : watched_variables()) {
      auto ei = e.env.find(name);
      auto ai = a.env.find(name);
      bool e_set = ei != e.env.end(), a_set = ai != a.env.end();
      if (e_set != a_set || (e_set && ei->second != ai->second)) {
        what.push_back("env " + name);
        detail.push_back(fmt::format("{}: expected {}, actual {}", name, shown(e.env, name),
                                     shown(a.env, name)));
      }
    }
    d.signature = fmt::format("call form: {}", fmt::join(what, ", "));
    d.description = fmt::format("call #{} differs in {}{}{}", k + 1, fmt::join(what, ", "),
                                detail.empty() ? "" : ": ", fmt::join(detail, "; "));
    return d;
  }
  if (expected.ending && actual.ending && !(*expected.ending == *actual.ending)) {
    Difference d;
    d.call_index = n;
    d.signature = fmt::format("exit status: expected {}, actual {}", ending_text(*expected.ending),
                              ending_text(*actual.ending));
    d.description = d.signature;
    return d;
  }
  if (!expected.ending && actual.ending && actual.ending->timed_out) {
    Difference d;
    d.call_index = n;
    d.signature = "timed out";
    d.description = "the implementation timed out";
    return d;
  }
  return std::nullopt;
}

Json trace_to_json(const Trace& t, const std::string& root) {
  Json j = Json::object();
  Json calls = Json::array();
  for (const auto& c : t.calls) {
    Json o = Json::object();
    o.set("program", abstract_root(c.program, root));
    Json args = Json::array();
    for (const auto& a : c.args) args.push(abstract_root(a, root));
    o.set("args", std::move(args));
    Json env = Json::object();
    for (const auto& [k, v] : c.env) env.set(k, abstract_root(v, root));
    o.set("env", std::move(env));
    calls.push(std::move(o));
  }
  j.set("calls", std::move(calls));
  if (t.ending) {
    j.set("exit",
          t.ending->timed_out
              ? Json("timed out")
              : Json(fmt::format("{} {}", t.ending->signal ? "signal" : "exit", t.ending->value)));
  } else {
    j.set("exit", Json());
  }
  return j;
}

}  // namespace pfmulti
