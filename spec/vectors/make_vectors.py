#!/usr/bin/env python3
# Authoring tool for the conformance vectors (spec/vectors/*.in, *.ref; spec/rules.md).
# Each vector is a scenario and the plan EXPECTED by reasoning from the sources (postfix.c,
# postmulti.c, the shipped postfix-wrapper script, the seed) and from runs of the real programs,
# written out here by hand, independently of the C++ model. tests/vectors_test.cc re-derives
# every plan with the model and fails on any difference. Run: spec/vectors/make_vectors.py
# (rewrites the files; review `git diff spec/vectors` before committing).
# Byte strings are Python str holding code points 0-255 (one per byte); wire() writes them in the
# wire format of spec/json-wire.md (rules.md R96): bytes that are valid UTF-8 (and do not begin
# with NUL) as the string they encode, any others as "\u0000base64:" and their base64.
import base64
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT_PATH = "/bin:/usr/bin:/sbin:/usr/sbin"
DEFAULTS = {
    "command_directory": "/usr/sbin",
    "daemon_directory": "/usr/lib/postfix/sbin",
    "data_directory": "/var/lib/postfix",
    "meta_directory": "/etc/postfix",
    "queue_directory": "/var/spool/postfix",
    "config_directory": "/etc/postfix",
    "shlib_directory": "/usr/lib/postfix",
    "mail_owner": "postfix",
    "setgid_group": "postdrop",
    "sendmail_path": "/usr/sbin/sendmail",
    "mailq_path": "/usr/bin/mailq",
    "newaliases_path": "/usr/bin/newaliases",
    "manpage_directory": "/usr/share/man",
    "sample_directory": "/etc/postfix",
    "readme_directory": "/usr/share/doc/postfix",
    "html_directory": "/usr/share/doc/postfix/html",
}
SCRIPT = "/usr/lib/postfix/sbin/postfix-script"
POSTFIX = "/usr/sbin/postfix"
WRAPPER = "/usr/lib/postfix/sbin/postfix-wrapper"

VECTORS = []


def vector(name, rules, comment, scenario, plan):
    VECTORS.append((name, rules, comment, scenario, plan))


# ---- expected-plan builders (R45/R46 written out independently) ----

def exported(kept=None, logtag="postfix", **params):
    """postfix(1)'s environment after clean_env + exports: kept = surviving variables.
    logtag: the expanded syslog_name that mail_params_init put in MAIL_LOGTAG before the
    cleaning (default ${multi_instance_name?{$multi_instance_name}:{postfix}}), None when
    import_environment drops it."""
    env = dict(kept or {})
    if logtag is not None:
        env["MAIL_LOGTAG"] = logtag
    values = dict(DEFAULTS)
    values.update(params)
    env.update(values)
    env["PATH"] = ROOT_PATH
    env["MAIL_CONFIG"] = values["config_directory"]
    return env


def plan(actions, exit_rule, warnings=None, output=None):
    p = {"actions": actions, "exit": exit_rule}
    if warnings:
        p["warnings"] = warnings
    if output:
        p["output"] = output
    return p


def fail(reason, status=1, directory=""):
    return {"op": "fail", "config_directory": directory, "reason": reason,
            "exit_status": status}


def whole_fail(reason, status=1, before=None):
    return plan((before or []) + [fail(reason, status)], "fail")


def run(directory, argv, env=None, reason=None):
    a = {"op": "run", "config_directory": directory, "argv": argv, "env": env or {}}
    if reason:
        a["reason"] = reason
    return a


def skip(directory, reason):
    return {"op": "skip", "config_directory": directory, "reason": reason}


def exec_(argv, env, reason):
    return {"op": "exec", "argv": argv, "env": env, "reason": reason}


def scenario(program, argv, files, env=None, profile="postmulti", **extra):
    s = {"program": program, "profile": profile, "argv": argv, "env": env or {},
         "files": files}
    s.update(extra)
    return s


UNREADABLE = {"unreadable": "Permission denied"}
SINGLE_EMPTY = "single instance: multi_instance_directories is empty"
SINGLE_FORCED = "single instance: MAIL_CONFIG is set"
HANDOFF = "hand-off to multi_instance_wrapper"

# ---- main.cf files ----

PRIMARY_PM = ("# primary: postmulti is the wrapper\n"
              "multi_instance_wrapper = ${command_directory}/postmulti -p --\n"
              "multi_instance_enable = yes\n"
              "multi_instance_directories = /etc/postfix-a /etc/postfix-b\n")
PRIMARY_SW = ("# primary: the shipped script is the wrapper\n"
              "multi_instance_wrapper = ${daemon_directory}/postfix-wrapper\n"
              "multi_instance_enable = yes\n"
              "\n"
              "multi_instance_directories = /etc/postfix-a /etc/postfix-b\n")


def secondary(letter, enable="yes", group=None, name=None, extra=""):
    text = (f"queue_directory = /var/spool/postfix-{letter}\n"
            f"data_directory = /var/lib/postfix-{letter}\n"
            f"multi_instance_name = {name or 'postfix-' + letter}\n"
            f"multi_instance_enable = {enable}\n")
    if group:
        text += f"multi_instance_group = {group}\n"
    return text + extra


A = secondary("a", "yes", "mta")
B = secondary("b", "no", "msa")


def pm_files(primary=PRIMARY_PM, a=A, b=B):
    files = {"/etc/postfix/main.cf": primary}
    if a is not None:
        files["/etc/postfix-a/main.cf"] = a
    if b is not None:
        files["/etc/postfix-b/main.cf"] = b
    return files


# ==== postfix(1): R40-R49 ====

PLAIN = "# a single instance\nmyhostname = mx.example\n"
vector("postfix-single-empty-list", ["R1", "R45", "R46", "R48"],
       "No multi_instance_directories: exec postfix-script. import_environment keeps TZ, "
       "sets LANG=C, drops HOME; the exports follow.",
       scenario("postfix", ["postfix", "start"], {"/etc/postfix/main.cf": PLAIN},
                {"HOME": "/root", "TZ": "UTC", "LANG": "de_DE.UTF-8"}),
       plan([exec_([SCRIPT, "start"], exported({"TZ": "UTC", "LANG": "C"}), SINGLE_EMPTY)],
            "exec"))

vector("postfix-no-command", ["R48"],
       "No command at all: postfix-script gets no argument.",
       scenario("postfix", ["postfix"], {"/etc/postfix/main.cf": PLAIN}),
       plan([exec_([SCRIPT], exported({"LANG": "C"}), SINGLE_EMPTY)], "exec"))

A_DIRS = dict(config_directory="/etc/postfix-a", queue_directory="/var/spool/postfix-a",
              data_directory="/var/lib/postfix-a")
vector("postfix-single-mail-config", ["R43", "R44", "R45", "R48"],
       "MAIL_CONFIG in the environment forces a single instance and selects its main.cf.",
       scenario("postfix", ["postfix", "stop"], pm_files(),
                {"MAIL_CONFIG": "/etc/postfix-a"}),
       plan([exec_([SCRIPT, "stop"],
                   exported({"LANG": "C"}, "postfix-a", **A_DIRS), SINGLE_FORCED)], "exec"))

vector("postfix-dash-c", ["R41", "R43"],
       "-c DIR sets MAIL_CONFIG: single instance even though the default main.cf has a list.",
       scenario("postfix", ["postfix", "-c", "/etc/postfix-a", "start"], pm_files()),
       plan([exec_([SCRIPT, "start"],
                   exported({"LANG": "C"}, "postfix-a", **A_DIRS), SINGLE_FORCED)], "exec"))

vector("postfix-dash-c-relative", ["R41"], "-c must be absolute.",
       scenario("postfix", ["postfix", "-c", "etc/postfix-a", "start"], pm_files()),
       whole_fail("-c requires absolute pathname"))

vector("postfix-usage", ["R40"], "Unknown option.",
       scenario("postfix", ["postfix", "-x", "start"], pm_files()),
       whole_fail("usage: postfix [-c config_dir] [-Dv] command"))

vector("postfix-missing-c-argument", ["R40"],
       "-c without its argument is a getopt error; the program names itself by basename.",
       scenario("postfix", ["/usr/sbin/postfix", "-c"], pm_files()),
       whole_fail("usage: postfix [-c config_dir] [-Dv] command"))

vector("postfix-debug-verbose", ["R42", "R45"],
       "-D and -v set MAIL_DEBUG and MAIL_VERBOSE before cleaning: the default "
       "import_environment keeps MAIL_DEBUG only.",
       scenario("postfix", ["postfix", "-D", "-v", "status"], {"/etc/postfix/main.cf": PLAIN}),
       plan([exec_([SCRIPT, "status"], exported({"MAIL_DEBUG": "", "LANG": "C"}),
                   SINGLE_EMPTY)], "exec"))

vector("postfix-import-environment", ["R45"],
       "Braced elements keep their commas and lose the braces and surrounding blanks; "
       "NAME=VALUE sets; a later entry wins (HOME=/x then HOME from the environment).",
       scenario("postfix", ["postfix", "check"],
                {"/etc/postfix/main.cf":
                 "import_environment = MAIL_CONFIG, TZ FOO=bar { BAZ=a, b } HOME=/x HOME\n"},
                {"TZ": "UTC", "HOME": "/root", "OTHER": "1"}),
       plan([exec_([SCRIPT, "check"],
                   exported({"TZ": "UTC", "FOO": "bar", "BAZ": "a, b", "HOME": "/root"},
                            None),
                   SINGLE_EMPTY)], "exec"))

vector("postfix-import-environment-unbalanced", ["R45"], "extpar(): missing '}'.",
       scenario("postfix", ["postfix", "start"],
                {"/etc/postfix/main.cf": "import_environment = TZ { LANG\n"}),
       whole_fail("import_environment: missing '}' in \"{ LANG\""))

vector("postfix-main-cf-absent", ["R44"], "No main.cf.",
       scenario("postfix", ["postfix", "start"], {}),
       whole_fail("open /etc/postfix/main.cf: No such file or directory"))

vector("postfix-main-cf-unreadable", ["R44"], "main.cf exists but cannot be read.",
       scenario("postfix", ["postfix", "start"], {"/etc/postfix/main.cf": UNREADABLE}),
       whole_fail("open /etc/postfix/main.cf: Permission denied"))

vector("postfix-main-cf-syntax", ["R5", "R44"], "A line without '=' is fatal.",
       scenario("postfix", ["postfix", "start"],
                {"/etc/postfix/main.cf": "# ok\nmulti_instance_directories\n"}),
       whole_fail("/etc/postfix/main.cf, line 2: missing '=' after parameter name: "
                  "\"multi_instance_directories\""))

vector("postfix-bad-enable", ["R44"],
       "mail_params_init reads multi_instance_enable as a boolean.",
       scenario("postfix", ["postfix", "start"],
                {"/etc/postfix/main.cf": "multi_instance_enable = maybe\n"}),
       whole_fail("bad boolean configuration: multi_instance_enable = maybe"))

vector("postfix-empty-sendmail-path", ["R44"],
       "postfix.c's own table requires sendmail_path to be non-empty.",
       scenario("postfix", ["postfix", "start"],
                {"/etc/postfix/main.cf": "sendmail_path =\n"}),
       whole_fail("bad string length 0 < 1: sendmail_path = "))

vector("postfix-config-directory-override", ["R46", "R120"],
       "A config_directory line in main.cf does not move postfix(1): MAIL_CONFIG and "
       "config_directory are exported as the directory it read (facts 9.1).",
       scenario("postfix", ["postfix", "start"],
                {"/etc/postfix/main.cf": "config_directory = /etc/postfix-main\n"}),
       plan([exec_([SCRIPT, "start"], exported({"LANG": "C"}), SINGLE_EMPTY)], "exec"))

vector("postfix-config-directory-feeds-expansion", ["R120"],
       "...but $config_directory in other parameters expands to main.cf's value (facts 9.3).",
       scenario("postfix", ["postfix", "start"],
                {"/etc/postfix/main.cf": "config_directory = /etc/postfix-zz\n"
                                         "queue_directory = $config_directory/q\n"}),
       plan([exec_([SCRIPT, "start"],
                   exported({"LANG": "C"}, queue_directory="/etc/postfix-zz/q"),
                   SINGLE_EMPTY)], "exec"))

vector("postfix-chdir-missing", ["R47"],
       "The queue directory does not exist (the scenario lists the existing directories).",
       scenario("postfix", ["postfix", "start"], {"/etc/postfix/main.cf": PLAIN},
                directories=["/etc/postfix", "/usr/sbin", "/usr/lib/postfix/sbin"]),
       whole_fail("chdir(/var/spool/postfix): No such file or directory"))

vector("postfix-comma-only-list", ["R19", "R48"],
       "A list of commas has no element: single instance.",
       scenario("postfix", ["postfix", "start"],
                {"/etc/postfix/main.cf": "multi_instance_directories = , ,\n"}),
       plan([exec_([SCRIPT, "start"], exported({"LANG": "C"}), SINGLE_EMPTY)], "exec"))

vector("postfix-last-definition-wins", ["R6", "R48"],
       "The later, empty definition wins: single instance.",
       scenario("postfix", ["postfix", "start"],
                {"/etc/postfix/main.cf": "multi_instance_directories = /etc/postfix-a\n"
                 "multi_instance_directories =\n"}),
       plan([exec_([SCRIPT, "start"], exported({"LANG": "C"}), SINGLE_EMPTY)], "exec"))

vector("postfix-handoff-postmulti", ["R10", "R46", "R49"],
       "multi_instance_wrapper is expanded, split on white space, the command appended.",
       scenario("postfix", ["postfix", "start"], pm_files(), {"TZ": "UTC"}),
       plan([exec_(["/usr/sbin/postmulti", "-p", "--", "start"],
                   exported({"TZ": "UTC", "LANG": "C"}), HANDOFF)], "exec"))

vector("postfix-handoff-args", ["R40", "R49"],
       "Options stop at the first operand: '-v' after the command is an argument.",
       scenario("postfix", ["postfix", "stop", "-v", "now"], pm_files()),
       plan([exec_(["/usr/sbin/postmulti", "-p", "--", "stop", "-v", "now"],
                   exported({"LANG": "C"}), HANDOFF)], "exec"))

vector("postfix-handoff-empty-wrapper", ["R49"],
       "A list but no wrapper.",
       scenario("postfix", ["postfix", "start"],
                {"/etc/postfix/main.cf": "multi_instance_directories = /etc/postfix-a\n"}),
       whole_fail("multi-instance support is requested, but multi_instance_wrapper is empty"))

vector("postfix-wrapper-is-postfix", ["R49"],
       "The wrapper may be postfix itself: exec'd with MAIL_CONFIG set, it is single "
       "instance (R43; composition: R95).",
       scenario("postfix", ["postfix", "start"],
                {"/etc/postfix/main.cf": "multi_instance_directories = /etc/postfix-a\n"
                 "multi_instance_wrapper = /usr/sbin/postfix\n"}),
       plan([exec_(["/usr/sbin/postfix", "start"], exported({"LANG": "C"}), HANDOFF)],
            "exec"))

vector("postfix-wrapper-hash-not-comment", ["R4", "R49"],
       "'#' after text is part of the value: the wrapper gets two more words.",
       scenario("postfix", ["postfix", "start"],
                {"/etc/postfix/main.cf": "multi_instance_directories = /etc/postfix-a\n"
                 "multi_instance_wrapper = /usr/sbin/postmulti -p -- # the manager\n"}),
       plan([exec_(["/usr/sbin/postmulti", "-p", "--", "#", "the", "manager", "start"],
                   exported({"LANG": "C"}), HANDOFF)], "exec"))

vector("postfix-crlf-main-cf", ["R8", "R49"], "CR of CRLF lines is trimmed white space.",
       scenario("postfix", ["postfix", "start"],
                {"/etc/postfix/main.cf": "multi_instance_directories = /etc/postfix-a\r\n"
                 "multi_instance_wrapper = /usr/sbin/postmulti -p --\r\n"}),
       plan([exec_(["/usr/sbin/postmulti", "-p", "--", "start"],
                   exported({"LANG": "C"}), HANDOFF)], "exec"))

vector("postfix-non-utf8-wrapper", ["R8", "R96"],
       "Bytes that are not UTF-8 travel unchanged (as \\u0000base64:, spec/json-wire.md).",
       scenario("postfix", ["postfix", "start"],
                {"/etc/postfix/main.cf": "multi_instance_directories = /etc/postfix-a\n"
                 "multi_instance_wrapper = /opt/\xff/wrap\n"}),
       plan([exec_(["/opt/\xff/wrap", "start"], exported({"LANG": "C"}), HANDOFF)], "exec"))

vector("postfix-utf8-wrapper", ["R8", "R96"],
       "UTF-8 travels as text: JSON \\u00e9 is U+00E9, the bytes c3 a9, as any JSON library reads it.",
       scenario("postfix", ["postfix", "start"],
                {"/etc/postfix/main.cf": "multi_instance_directories = /etc/postfix-a\n"
                 "multi_instance_wrapper = /opt/caf\xc3\xa9/wrap\n"}),
       plan([exec_(["/opt/caf\xc3\xa9/wrap", "start"], exported({"LANG": "C"}), HANDOFF)], "exec"))

# Expansion failures: the message text after "NAME: " is the expander's (R15-R18).
vector("postfix-malformed-reference", ["R16"], "An unclosed ${ is fatal.",
       scenario("postfix", ["postfix", "start"],
                {"/etc/postfix/main.cf": "multi_instance_directories = ${foo\n"}),
       whole_fail("multi_instance_directories: truncated macro reference: \"${foo\""))

vector("postfix-expansion-cycle", ["R17"], "A reference cycle is an error naming the cycle.",
       scenario("postfix", ["postfix", "start"],
                {"/etc/postfix/main.cf": "multi_instance_directories = $a\n"
                 "a = $multi_instance_directories\n"}),
       whole_fail("multi_instance_directories: reference cycle: multi_instance_directories -> a"
                  " -> multi_instance_directories"))

# ==== the shell wrappers: R50-R61 ====

WENV = exported({"LANG": "C"})  # what postfix(1) hands the wrapper (R45, R46)


def sw(profile, argv, files, env=None, **extra):
    return scenario("wrapper", [WRAPPER] + argv, files, WENV if env is None else env,
                    profile, **extra)


def sw_files(primary=PRIMARY_SW, a=A, b=B, **more):
    files = pm_files(primary, a, b)
    files.update(more)
    return files


P, PA, PB = "/etc/postfix", "/etc/postfix-a", "/etc/postfix-b"


def pc(directory, *args):
    return run(directory, [POSTFIX, "-c", directory] + list(args))


def check_disabled(directory, why):
    return run(directory, [POSTFIX, "-c", directory, "check"],
               reason="start on a disabled instance runs check: " + why)


NOT_YES = 'multi_instance_enable = {} (not exactly "yes")'


def skipped(directory, command, why):
    return skip(directory, f"{command} skipped on a disabled instance: {why}")


for prof in ("postfix-wrapper", "seed"):
    short = "wrapper" if prof == "postfix-wrapper" else "seed"
    vector(f"{short}-start-mixed", ["R1", "R52", "R55", "R56", "R58", "R59"],
           "start: the default instance first, then the list; the disabled instance runs "
           "check instead. Exit status: the last failure.",
           sw(prof, ["start"], sw_files()),
           plan([pc(P, "start"), pc(PA, "start"),
                 check_disabled(PB, NOT_YES.format("no"))], "last-failure"))

vector("wrapper-stop", ["R54", "R57"],
       "The shipped script reverses stop and skips disabled instances.",
       sw("postfix-wrapper", ["stop"], sw_files()),
       plan([skipped(PB, "stop", NOT_YES.format("no")), pc(PA, "stop"), pc(P, "stop")],
            "last-failure"))

vector("seed-stop", ["R54", "R57"], "The seed does not reverse.",
       sw("seed", ["stop"], sw_files()),
       plan([pc(P, "stop"), pc(PA, "stop"), skipped(PB, "stop", NOT_YES.format("no"))],
            "last-failure"))

vector("wrapper-quick-stop", ["R54", "R57"],
       "quick-stop is reversed by the script but never skipped: the disabled instance runs it.",
       sw("postfix-wrapper", ["quick-stop"], sw_files()),
       plan([pc(PB, "quick-stop"), pc(PA, "quick-stop"), pc(P, "quick-stop")],
            "last-failure"))

vector("seed-quick-stop", ["R54", "R57"], "The seed neither reverses nor skips quick-stop.",
       sw("seed", ["quick-stop"], sw_files()),
       plan([pc(P, "quick-stop"), pc(PA, "quick-stop"), pc(PB, "quick-stop")],
            "last-failure"))

vector("wrapper-flush-disabled", ["R57"], "flush skips disabled instances, in list order.",
       sw("postfix-wrapper", ["flush"], sw_files()),
       plan([pc(P, "flush"), pc(PA, "flush"), skipped(PB, "flush", NOT_YES.format("no"))],
            "last-failure"))

vector("wrapper-first-comma", ["R51"],
       "sed 's/,/ /' replaces only the first comma: the third directory sticks to the second.",
       sw("postfix-wrapper", ["status"],
          sw_files(PRIMARY_SW.replace("/etc/postfix-a /etc/postfix-b",
                                      "/etc/postfix-a,/etc/postfix-b,/etc/postfix-c"))),
       plan([pc(P, "status"), pc(PA, "status"), pc("/etc/postfix-b,/etc/postfix-c", "status")],
            "last-failure"))

vector("wrapper-enable-case", ["R55"], "YES is not yes for test(1).",
       sw("postfix-wrapper", ["start"], sw_files(a=secondary("a", "YES"))),
       plan([pc(P, "start"), check_disabled(PA, NOT_YES.format("YES")),
             check_disabled(PB, NOT_YES.format("no"))], "last-failure"))

vector("wrapper-enable-raw-reference", ["R55"],
       "postconf -h does not expand: '$on' is printed even though on = yes.",
       sw("postfix-wrapper", ["start"],
          sw_files(a=secondary("a", "$on", extra="on = yes\n"))),
       plan([pc(P, "start"), check_disabled(PA, NOT_YES.format("$on")),
             check_disabled(PB, NOT_YES.format("no"))], "last-failure"))

vector("wrapper-enable-continued", ["R2", "R55"],
       "A continuation line supplies the value: 'yes' after joining and trimming.",
       sw("postfix-wrapper", ["start"],
          sw_files(a="multi_instance_enable =\n    yes\n", b=None,
                   primary=PRIMARY_SW.replace(" /etc/postfix-b", ""))),
       plan([pc(P, "start"), pc(PA, "start")], "last-failure"))

vector("wrapper-unreadable-secondary", ["R55", "R58"],
       "status runs on every instance, enabled or not, readable or not.",
       sw("postfix-wrapper", ["status"], sw_files(b=UNREADABLE)),
       plan([pc(P, "status"), pc(PA, "status"), pc(PB, "status")], "last-failure"))

vector("wrapper-unreadable-secondary-start", ["R55", "R56"],
       "postconf prints nothing for an unreadable main.cf: disabled, so start runs check.",
       sw("postfix-wrapper", ["start"], sw_files(b=UNREADABLE)),
       plan([pc(P, "start"), pc(PA, "start"),
             check_disabled(PB, "postconf cannot read /etc/postfix-b/main.cf")],
            "last-failure"))

NO_DAEMON = dict(WENV)
del NO_DAEMON["daemon_directory"]
NO_COMMAND = dict(WENV)
del NO_COMMAND["command_directory"]
vector("wrapper-missing-daemon-directory", ["R50"],
       "The script checks daemon_directory too: ${var?msg} exits 2 in dash.",
       sw("postfix-wrapper", ["status"], sw_files(), NO_DAEMON),
       whole_fail("daemon_directory: do not invoke this command directly", 2))

vector("seed-missing-daemon-directory", ["R50"], "The seed checks only command_directory.",
       sw("seed", ["status"], sw_files(), NO_DAEMON),
       plan([pc(P, "status"), pc(PA, "status"), pc(PB, "status")], "last-failure"))

vector("seed-missing-command-directory", ["R50"], "Both check command_directory.",
       sw("seed", ["status"], sw_files(), NO_COMMAND),
       whole_fail("command_directory: do not invoke this command directly", 2))

vector("wrapper-glob", ["R53"],
       "An unquoted '/etc/postfix-*' is expanded by the shell (sorted).",
       sw("postfix-wrapper", ["status"],
          sw_files(PRIMARY_SW.replace("/etc/postfix-a /etc/postfix-b", "/etc/postfix-*"))),
       plan([pc(P, "status"), pc(PA, "status"), pc(PB, "status")], "last-failure"))

vector("wrapper-glob-no-match", ["R53", "R56"],
       "A pattern without a match stays as it is; postconf -c on it fails: check.",
       sw("postfix-wrapper", ["start"],
          sw_files(PRIMARY_SW.replace("/etc/postfix-a /etc/postfix-b", "/srv/pf-*"))),
       plan([pc(P, "start"), check_disabled("/srv/pf-*", "postconf cannot read /srv/pf-*/main.cf")],
            "last-failure"))

vector("wrapper-no-command", ["R60"],
       "No arguments: postfix -c DIR runs everywhere with no command.",
       sw("postfix-wrapper", [], sw_files()),
       plan([run(d, [POSTFIX, "-c", d],
                 reason="no command: postfix -c DIR without arguments") for d in (P, PA, PB)],
            "last-failure"))

vector("wrapper-config-directory-words", ["R52"],
       "$config_directory is unquoted: a value with a blank gives two instances.",
       sw("postfix-wrapper", ["status"], sw_files(),
          dict(WENV, config_directory="/etc/postfix /etc/postfix-x")),
       plan([pc(P, "status"), pc("/etc/postfix-x", "status"), pc(PA, "status"),
             pc(PB, "status")], "last-failure"))

vector("wrapper-primary-unreadable", ["R51"],
       "postconf fails on the primary main.cf, the pipeline does not: the list is empty.",
       sw("postfix-wrapper", ["start"], {"/etc/postfix/main.cf": UNREADABLE}),
       plan([check_disabled(P, "postconf cannot read /etc/postfix/main.cf")], "last-failure",
            ["postconf cannot read /etc/postfix/main.cf: the instance list is empty"]))

# postconf's start-up check (docs/conf.md): it expands the main.cf value of every parameter it
# knows, so a damaged known parameter makes `postconf -h NAME` fail for any NAME (measured with
# postconf 3.7.11: exit 1 "fatal: macro processing error", or SIGSEGV on the crash lines).
EVAL_FAILS = "postconf cannot evaluate {}/main.cf: its start-up check fails on {}"
CRASH_LINES = "multi_instance_name = $p\np = ${{$p} == {x} ? {a} : {b}}\n"
vector("wrapper-primary-startup-check", ["R51"],
       "A reference cycle in multi_instance_group: postconf -h multi_instance_directories fails "
       "at start-up, so the list is empty.",
       sw("postfix-wrapper", ["status"],
          sw_files(PRIMARY_SW + "multi_instance_group = $loop1\nloop1 = $loop2\n"
                   "loop2 = $loop1\n")),
       plan([pc(P, "status")], "last-failure",
            [EVAL_FAILS.format(P, "multi_instance_group") + ": the instance list is empty"]))

vector("wrapper-crash-lines", ["R55", "R56"],
       "The two lines that crash real postconf (SIGSEGV) even for -h multi_instance_enable: "
       "the enable test sees nothing, so start runs check.",
       sw("postfix-wrapper", ["start"],
          sw_files(a=secondary("a", "yes", extra=CRASH_LINES))),
       plan([pc(P, "start"), check_disabled(PA, EVAL_FAILS.format(PA, "multi_instance_name")),
             check_disabled(PB, NOT_YES.format("no"))], "last-failure"))

vector("seed-startup-check", ["R55", "R57"],
       "A truncated ${ in a known parameter fails postconf -h multi_instance_enable: the "
       "instance counts as disabled and reload skips it.",
       sw("seed", ["reload"],
          sw_files(a=secondary("a", "yes", extra="multi_instance_group = ${oops\n"))),
       plan([pc(P, "reload"),
             skipped(PA, "reload", EVAL_FAILS.format(PA, "multi_instance_group")),
             skipped(PB, "reload", NOT_YES.format("no"))], "last-failure"))

vector("wrapper-raw-list-reference", ["R51"],
       "postconf -h does not expand the list: the shell gets the word '$dirs'.",
       sw("postfix-wrapper", ["status"],
          sw_files(PRIMARY_SW.replace("/etc/postfix-a /etc/postfix-b", "$dirs")
                   + "dirs = /etc/postfix-a\n")),
       plan([pc(P, "status"), pc("$dirs", "status")], "last-failure"))

vector("wrapper-relative-directory", ["R55"],
       "A relative directory is read relative to the current directory (postfix(1) left the "
       "wrapper in the queue directory); postfix -c will refuse it (R41).",
       sw("postfix-wrapper", ["start"],
          {"/etc/postfix/main.cf": PRIMARY_SW.replace("/etc/postfix-a /etc/postfix-b",
                                                      "postfix-r"),
           "/var/spool/postfix/postfix-r/main.cf": "multi_instance_enable = yes\n"},
          cwd="/var/spool/postfix"),
       plan([pc(P, "start"), pc("postfix-r", "start")], "last-failure"))

vector("wrapper-duplicates", ["R58"], "A directory listed twice runs twice.",
       sw("postfix-wrapper", ["status"],
          sw_files(PRIMARY_SW.replace("/etc/postfix-a /etc/postfix-b",
                                      "/etc/postfix-a /etc/postfix-a"), b=None)),
       plan([pc(P, "status"), pc(PA, "status"), pc(PA, "status")], "last-failure"))

vector("wrapper-case-sensitive-command", ["R61"],
       "'Stop' is not 'stop': no reversal, no skipping.",
       sw("postfix-wrapper", ["Stop"], sw_files()),
       plan([pc(P, "Stop"), pc(PA, "Stop"), pc(PB, "Stop")], "last-failure"))

vector("wrapper-command-directory-from-env", ["R20", "R58"],
       "The postfix the wrapper runs is $command_directory/postfix from the environment.",
       sw("postfix-wrapper", ["status"], sw_files(b=None,
                                                  primary=PRIMARY_SW.replace(" /etc/postfix-b", "")),
          dict(WENV, command_directory="/opt/pf/sbin")),
       plan([run(d, ["/opt/pf/sbin/postfix", "-c", d, "status"]) for d in (P, PA)],
            "last-failure"))

# ==== postmulti(1) and pfmulti's default: R70-R92 ====


def pm(argv, files=None, env=None, profile="postmulti", **extra):
    return scenario("postmulti", ["postmulti"] + argv, pm_files() if files is None else files,
                    env, profile, **extra)


# postmulti's own MAIL_LOGTAG (R94): the primary's expanded syslog_name, in every child.
LOGTAG = {"MAIL_LOGTAG": "postfix"}


def pp(directory, *args, env=None, reason=None):
    e = {"MAIL_CONFIG": directory, **LOGTAG}
    e.update(env or {})
    return run(directory, [POSTFIX, "--"] + list(args), e, reason)


START_CHECK = "start-class command on a disabled instance runs check"


def listing(rows):
    return "".join(f"{n:<15} {g:<15} {e:<9} {d}\n" for n, g, e, d in rows)


ROWS = [("-", "-", "y", P), ("postfix-a", "mta", "y", PA), ("postfix-b", "msa", "n", PB)]
vector("postmulti-list", ["R75", "R76", "R77", "R87"], "-l lists the primary, then the list.",
       pm(["-l"]), plan([], "any-failure-is-one", output=listing(ROWS)))

vector("postmulti-list-reverse", ["R87"], "-l -R reverses.",
       pm(["-l", "-R"]), plan([], "any-failure-is-one", output=listing(ROWS[::-1])))

vector("postmulti-p-start", ["R80", "R81", "R82", "R94"],
       "start-class: a disabled instance runs check, with the other arguments kept.",
       pm(["-p", "start", "extra"]),
       plan([pp(P, "start", "extra"), pp(PA, "start", "extra"),
             pp(PB, "check", "extra", reason=START_CHECK)], "any-failure-is-one"))

vector("postmulti-p-stop", ["R80", "R82"], "stop-class: reversed, disabled skipped.",
       pm(["-p", "stop"]),
       plan([skip(PB, "stop-class command skipped on a disabled instance"), pp(PA, "stop"),
             pp(P, "stop")], "any-failure-is-one"))

vector("postmulti-p-reload", ["R80"], "control-class: disabled skipped, order kept.",
       pm(["-p", "reload"]),
       plan([pp(P, "reload"), pp(PA, "reload"),
             skip(PB, "control-class command skipped on a disabled instance")],
            "any-failure-is-one"))

vector("postmulti-p-status", ["R80", "R85"], "Other commands run everywhere.",
       pm(["-p", "status"]),
       plan([pp(P, "status"), pp(PA, "status"), pp(PB, "status")], "any-failure-is-one"))

vector("postmulti-custom-classes", ["R80"],
       "Classes come from main.cf: 'halt' is a stop-class command here.",
       pm(["-p", "halt"], pm_files(PRIMARY_PM + "postmulti_stop_commands = halt, stop\n")),
       plan([skip(PB, "stop-class command skipped on a disabled instance"), pp(PA, "halt"),
             pp(P, "halt")], "any-failure-is-one"))

vector("postmulti-reverse-with-p", ["R73"], "-R is not allowed with -p.",
       pm(["-R", "-p", "start"]),
       whole_fail("The '-p' and '-e' options preclude the use of '-R'"))

vector("postmulti-reverse-twice-with-p", ["R72", "R73"],
       "-R toggles: twice is no reversal, so -p accepts it.",
       pm(["-R", "-R", "-p", "status"]),
       plan([pp(P, "status"), pp(PA, "status"), pp(PB, "status")], "any-failure-is-one"))

vector("postmulti-select-group", ["R83"], "-g selects by group.",
       pm(["-g", "mta", "-p", "status"]), plan([pp(PA, "status")], "any-failure-is-one"))

vector("postmulti-select-name-suffix", ["R83"],
       "-i a matches postfix-a (name without its prefix).",
       pm(["-i", "a", "-p", "status"]), plan([pp(PA, "status")], "any-failure-is-one"))

vector("postmulti-select-path", ["R83"], "-i /path matches the config directory.",
       pm(["-i", "/etc/postfix-b", "-p", "status"]),
       plan([pp(PB, "status")], "any-failure-is-one"))

vector("postmulti-select-dash", ["R83"], "-i - is the primary.",
       pm(["-i", "-", "-p", "status"]), plan([pp(P, "status")], "any-failure-is-one"))

vector("postmulti-no-match", ["R84"], "Nothing selected.",
       pm(["-i", "postfix-z", "-p", "status"]), whole_fail("No matching instances"))

ALL_OFF = pm_files(PRIMARY_PM.replace("multi_instance_enable = yes", "multi_instance_enable = no"),
                   secondary("a", "no"), B)
vector("postmulti-stop-all-disabled", ["R82", "R84"],
       "Every instance disabled: stop skips them all and then 'No matching instances'.",
       pm(["-p", "stop"], ALL_OFF),
       whole_fail("No matching instances",
                  before=[skip(d, "stop-class command skipped on a disabled instance")
                          for d in (PB, PA, P)]))


def x_env(d, q, data, name, group, enable, path):
    return {**LOGTAG, "MAIL_CONFIG": d, "command_directory": "/usr/sbin",
            "daemon_directory": "/usr/lib/postfix/sbin", "config_directory": d,
            "queue_directory": q, "data_directory": data, "multi_instance_name": name,
            "multi_instance_group": group, "multi_instance_enable": enable, "PATH": path}


vector("postmulti-x", ["R86", "R94"], "-x: the instance's environment, command_directory on PATH.",
       pm(["-i", "postfix-a", "-x", "postsuper", "-s"], env={"PATH": "/usr/bin:/bin"}),
       plan([run(PA, ["postsuper", "-s"],
                 x_env(PA, "/var/spool/postfix-a", "/var/lib/postfix-a", "postfix-a", "mta",
                       "yes", "/usr/sbin:/usr/bin:/bin"))], "any-failure-is-one"))

vector("postmulti-x-without-path", ["R86"],
       "-x with PATH unset prepends to ROOT_PATH; disabled instances are not skipped.",
       pm(["-x", "true"]),
       plan([run(P, ["true"], x_env(P, "/var/spool/postfix", "/var/lib/postfix", "", "", "yes",
                                   "/usr/sbin:" + ROOT_PATH)),
             run(PA, ["true"], x_env(PA, "/var/spool/postfix-a", "/var/lib/postfix-a",
                                     "postfix-a", "mta", "yes", "/usr/sbin:" + ROOT_PATH)),
             run(PB, ["true"], x_env(PB, "/var/spool/postfix-b", "/var/lib/postfix-b",
                                     "postfix-b", "msa", "no", "/usr/sbin:" + ROOT_PATH))],
            "any-failure-is-one"))

vector("postmulti-verbose", ["R88"], "-v reaches every command as MAIL_VERBOSE.",
       pm(["-v", "-p", "status"]),
       plan([pp(d, "status", env={"MAIL_VERBOSE": ""}) for d in (P, PA, PB)],
            "any-failure-is-one"))

vector("postmulti-nondefault-mail-config", ["R70"],
       "MAIL_CONFIG must be the default config directory.",
       pm(["-l"], env={"MAIL_CONFIG": "/etc/postfix-a"}),
       whole_fail("Non-default configuration directory: MAIL_CONFIG=/etc/postfix-a"))

vector("postmulti-usage", ["R72"], "Unknown option.",
       pm(["-z"]),
       whole_fail("Usage:postmulti -l [-v] [-a] [-g group] [-i instance] | postmulti -p [-v] "
                  "[-a] [-g group] [-i instance] command... | postmulti -x [-v] [-a] [-i name] "
                  "[-g group] command... | postmulti -e action [-v] [-a] [-i name] [-g group] "
                  "[-I name] [-G group] [param=value ...]"))

vector("postmulti-invalid-edit-action", ["R72"], "-e takes one of eight actions.",
       pm(["-e", "frob"]),
       whole_fail("Invalid '-e' edit action 'frob'. Specify 'create', 'destroy', 'import', "
                  "'deport', 'enable', 'disable', 'assign' or 'init'"))

vector("postmulti-two-selections", ["R73"], "The message's typo is postmulti's.",
       pm(["-g", "mta", "-i", "postfix-a", "-l"]),
       whole_fail("Specity no more than one of '-a', '-g', '-i'"))

vector("postmulti-no-mode", ["R73"], "No mode.", pm([]),
       whole_fail("Specify exactly one of '-e', '-l', '-p', '-x'"))

vector("postmulti-list-with-command", ["R73"], "-l takes no command.", pm(["-l", "foo"]),
       whole_fail("Command not allowed with '-l'"))

vector("postmulti-p-without-command", ["R73"], "-p needs a command.", pm(["-p"]),
       whole_fail("Command required with '-p' or '-x' option"))

vector("postmulti-assign-without-edit", ["R73"], "-I outside -e.",
       pm(["-I", "postfix-x", "-l"]),
       whole_fail("Cannot assign instance name or group without '-e assign'"))

vector("postmulti-edit-unsupported", ["R89"], "Life-cycle mode is outside the model.",
       pm(["-e", "enable", "-i", "postfix-b"]),
       whole_fail("unsupported: life-cycle management (-e enable) is not planned"))

vector("postmulti-shared-directory-missing", ["R74"],
       "command_directory must exist (the scenario lists the existing directories).",
       pm(["-l"], directories=["/etc/postfix", "/usr/lib/postfix/sbin", "/usr/lib/postfix"]),
       whole_fail("command_directory = '/usr/sbin': directory not found: "
                  "No such file or directory"))

vector("postmulti-shared-directory-conflict", ["R74", "R79"],
       "command_directory and daemon_directory are both claimed by the primary.",
       pm(["-l"], pm_files(PRIMARY_PM + "daemon_directory = /usr/sbin\n")),
       whole_fail("instance /etc/postfix, daemon_directory=/usr/sbin conflicts with instance "
                  "/etc/postfix, command_directory=/usr/sbin"))

vector("postmulti-empty-config-directory", ["R74", "R120"],
       "config_directory set to nothing: postmulti 3.7 lists and runs as usual, the primary is "
       "/etc/postfix, the directory it read (facts 9.1; nothing panics).",
       pm(["-p", "status"], pm_files(PRIMARY_PM + "config_directory =\n")),
       plan([pp(P, "status"), pp(PA, "status"), pp(PB, "status")], "any-failure-is-one"))

for value in ["$undefined", "postfix-a", "/etc/postfix-a"]:
    vector("postmulti-config-directory-" + {"$undefined": "undefined", "postfix-a": "relative",
                                           "/etc/postfix-a": "redirect"}[value],
           ["R120"],
           f"config_directory = {value} in the primary's main.cf: postmulti -p stop still "
           "stops /etc/postfix last, and postfix-a once (facts 9.1).",
           pm(["-p", "stop"], pm_files(PRIMARY_PM + f"config_directory = {value}\n")),
           plan([skip(PB, "stop-class command skipped on a disabled instance"),
                 pp(PA, "stop"), pp(P, "stop")], "any-failure-is-one"))

vector("postmulti-config-directory-redirect-list", ["R120"],
       "config_directory = /etc/postfix-a: -l still lists /etc/postfix first (facts 9.1).",
       pm(["-l"], pm_files(PRIMARY_PM + "config_directory = /etc/postfix-a\n")),
       plan([], "any-failure-is-one", output=listing(ROWS)))

B_STEALS = B.replace("/var/spool/postfix-b", "/var/spool/postfix-a")
CONFLICT = ("instance /etc/postfix-b, queue_directory=/var/spool/postfix-a conflicts with "
            "instance /etc/postfix-a, queue_directory=/var/spool/postfix-a")
vector("postmulti-claim-conflict-strict", ["R79"],
       "Two instances share a queue directory: postmulti 3.7 refuses everything.",
       pm(["-p", "status"], pm_files(b=B_STEALS), profile="postmulti-strict"),
       whole_fail(CONFLICT))

vector("postmulti-claim-conflict-isolated", ["R79", "R90"],
       "pfmulti fails the instance whose claim conflicts; the others run.",
       pm(["-p", "status"], pm_files(b=B_STEALS)),
       plan([pp(P, "status"), pp(PA, "status"), fail(CONFLICT, 1, PB)],
            "any-failure-is-one"))

vector("postmulti-damaged-strict", ["R77"],
       "An unreadable secondary aborts postmulti 3.7.",
       pm(["-p", "start"], pm_files(b=UNREADABLE), profile="postmulti-strict"),
       whole_fail("Failed to obtain all required /etc/postfix-b/main.cf parameters"))

vector("postmulti-damaged-isolated", ["R90"],
       "pfmulti: a failure for the damaged instance only; exit status 1.",
       pm(["-p", "start"], pm_files(b=UNREADABLE)),
       plan([pp(P, "start"), pp(PA, "start"),
             fail("open /etc/postfix-b/main.cf: Permission denied", 1, PB)],
            "any-failure-is-one"))

vector("postmulti-damaged-undecidable", ["R91"],
       "Under -g the damaged instance's group is unknown: a warning, not a failure.",
       pm(["-g", "mta", "-p", "status"], pm_files(b=UNREADABLE)),
       plan([pp(PA, "status")], "any-failure-is-one",
            ["instance /etc/postfix-b not considered: open /etc/postfix-b/main.cf: "
             "Permission denied"]))

MAYBE = "Unexpected /etc/postfix-b/main.cf entry: multi_instance_enable = maybe"
vector("postmulti-bad-enable-strict", ["R78"], "enable must be yes or no.",
       pm(["-p", "status"], pm_files(b=secondary("b", "maybe")), profile="postmulti-strict"),
       whole_fail(MAYBE))

vector("postmulti-bad-enable-isolated", ["R78", "R90"], "pfmulti: that instance fails.",
       pm(["-p", "status"], pm_files(b=secondary("b", "maybe"))),
       plan([pp(P, "status"), pp(PA, "status"), fail(MAYBE, 1, PB)], "any-failure-is-one"))

vector("postmulti-enable-case", ["R78"], "YES is yes for postmulti (case-insensitive).",
       pm(["-p", "start"], pm_files(b=secondary("b", "YES"))),
       plan([pp(P, "start"), pp(PA, "start"), pp(PB, "start")], "any-failure-is-one"))

vector("postmulti-single-instance", ["R75"],
       "No list: the primary counts as enabled, so stop runs on it.",
       pm(["-p", "stop"], {"/etc/postfix/main.cf": "multi_instance_enable = no\n"}),
       plan([pp(P, "stop")], "any-failure-is-one"))

vector("postmulti-duplicate-directory", ["R79"],
       "Listed twice: the same owner claims again, no conflict, it runs twice.",
       pm(["-p", "status"],
          pm_files(PRIMARY_PM.replace("/etc/postfix-a /etc/postfix-b",
                                      "/etc/postfix-a, /etc/postfix-a"), b=None)),
       plan([pp(P, "status"), pp(PA, "status"), pp(PA, "status")], "any-failure-is-one"))

vector("postmulti-default-listed", ["R79"],
       "The default instance in the list: same claims, it runs twice.",
       pm(["-p", "status"],
          pm_files(PRIMARY_PM.replace("/etc/postfix-a /etc/postfix-b",
                                      "/etc/postfix /etc/postfix-a"), b=None)),
       plan([pp(P, "status"), pp(P, "status"), pp(PA, "status")], "any-failure-is-one"))

vector("postmulti-trailing-slash-conflict", ["R79"],
       "'/etc/postfix-a/' is another owner than '/etc/postfix-a': its name claim conflicts.",
       pm(["-p", "status"],
          pm_files(PRIMARY_PM.replace("/etc/postfix-a /etc/postfix-b",
                                      "/etc/postfix-a /etc/postfix-a/"), b=None),
          profile="postmulti-strict"),
       whole_fail("instance /etc/postfix-a/, multi_instance_name=postfix-a conflicts with "
                  "instance /etc/postfix-a, multi_instance_name=postfix-a"))

vector("postmulti-secondary-collapsed", ["R9", "R77"],
       "postconf collapses white space in what postmulti reads: 'mta   west' -> 'mta west'.",
       pm(["-l", "-i", "postfix-a"], pm_files(a=secondary("a", "yes", "mta   west"))),
       plan([], "any-failure-is-one", output=listing([("postfix-a", "mta west", "y", PA)])))

vector("postmulti-primary-bad-enable", ["R71"],
       "The primary's main.cf is read by postmulti itself: fatal in every profile.",
       pm(["-l"], pm_files(PRIMARY_PM.replace("multi_instance_enable = yes",
                                              "multi_instance_enable = maybe"))),
       whole_fail("bad boolean configuration: multi_instance_enable = maybe"))

vector("postmulti-leading-space-line", ["R3", "R77"],
       "A first line with leading white space is dropped: b keeps the default 'no'.",
       pm(["-l", "-i", "postfix-b"],
          pm_files(b=" multi_instance_enable = yes\n" + secondary("b", "no", "msa")
                   .replace("multi_instance_enable = no\n", ""))),
       plan([], "any-failure-is-one", output=listing([("postfix-b", "msa", "n", PB)])))

vector("postmulti-nul-in-name", ["R7"],
       "The name ends at the NUL byte.",
       pm(["-l", "-i", "/etc/postfix-a"],
          pm_files(a=secondary("a", "yes", "mta", name="postfix-a\x00junk"))),
       plan([], "any-failure-is-one", output=listing([("postfix-a", "mta", "y", PA)])))

vector("postmulti-conditional-expansion", ["R11", "R12", "R13"],
       "${n?{t}:{f}}, ${n:t}, ${n?t} in a secondary, seen through -x.",
       pm(["-i", "postfix-a", "-x", "true"], env={"PATH": "/bin"},
          files=pm_files(a="multi_instance_name = postfix-a\n"
                         "multi_instance_group = ${multi_instance_name?{named}:{anon}}\n"
                         "data_directory = /var/lib/${nosuch:fallback}\n"
                         "queue_directory = /var/spool/${multi_instance_name?postfix-a}\n"
                         "multi_instance_enable = yes\n")),
       plan([run(PA, ["true"], x_env(PA, "/var/spool/postfix-a", "/var/lib/fallback",
                                     "postfix-a", "named", "yes", "/usr/sbin:/bin"))],
            "any-failure-is-one"))

vector("postmulti-relational-enable", ["R14"],
       "10 > 5 numerically (lexically it would not be): enabled.",
       pm(["-l", "-i", "postfix-a"],
          pm_files(a=secondary("a", "${{$n} > {5} ? {yes} : {no}}", "mta", extra="n = 10\n"))),
       plan([], "any-failure-is-one", output=listing([("postfix-a", "mta", "y", PA)])))

CHAIN = "".join(f"l{i} = $l{i + 1}\n" for i in range(120)) + "l120 = /q\n"
vector("postmulti-nesting-limit", ["R15", "R77"],
       "A 121-deep reference chain: postconf -x fails, postmulti 3.7 aborts.",
       pm(["-l"], pm_files(a=secondary("a").replace("queue_directory = /var/spool/postfix-a",
                                                    "queue_directory = $l0") + CHAIN),
          profile="postmulti-strict"),
       whole_fail("Failed to obtain all required /etc/postfix-a/main.cf parameters"))

DOUBLING = "b0 = " + "x" * 16 + "\n" + "".join(f"b{i} = $b{i - 1}$b{i - 1}\n"
                                                for i in range(1, 18))
vector("postmulti-expansion-cap", ["R18", "R90"],
       "A 2 MiB queue_directory exceeds pfmulti's 1 MiB cap: that instance fails.",
       pm(["-p", "status"],
          pm_files(a=secondary("a").replace("queue_directory = /var/spool/postfix-a",
                                            "queue_directory = $b17") + DOUBLING)),
       plan([pp(P, "status"),
             fail("/etc/postfix-a/main.cf: queue_directory: expansion exceeds 1048576 bytes "
                  "(kMaxExpansionBytes) in b17", 1, PA),
             pp(PB, "status")], "any-failure-is-one"))

REL_PRIMARY = PRIMARY_PM.replace("/etc/postfix-a /etc/postfix-b", "/etc/postfix-a pf-r")
vector("postmulti-relative-directory-isolated", ["R90", "R93"],
       "pfmulti treats a relative directory as damage: that instance fails, the others run.",
       pm(["-p", "status"], pm_files(REL_PRIMARY, b=None)),
       plan([pp(P, "status"), pp(PA, "status"),
             fail("multi_instance_directories element \"pf-r\" is not an absolute pathname",
                  1, "pf-r")], "any-failure-is-one"))

vector("postmulti-relative-directory-strict", ["R93"],
       "postmulti 3.7 reads it relative to its current directory and runs it so.",
       pm(["-p", "status"],
          dict(pm_files(REL_PRIMARY, b=None), **{"/root/pf-r/main.cf": secondary("r")}),
          profile="postmulti-strict", cwd="/root"),
       plan([pp(P, "status"), pp(PA, "status"), pp("pf-r", "status")],
            "any-failure-is-one"))

vector("postmulti-name-equals-directory", ["R79"],
       "Claims are keyed by value alone: an instance named like its own config directory "
       "conflicts with itself (name first, then config_directory).",
       pm(["-p", "status"],
          pm_files(b=None, a=secondary("a", name="/etc/postfix-a"),
                   primary=PRIMARY_PM.replace(" /etc/postfix-b", "")),
          profile="postmulti-strict"),
       whole_fail("instance /etc/postfix-a, config_directory=/etc/postfix-a conflicts with "
                  "instance /etc/postfix-a, multi_instance_name=/etc/postfix-a"))

vector("wrapper-postmulti-profile", ["R92", "R80"],
       "A wrapper with the postmulti profile is postmulti -p -- COMMAND.",
       scenario("wrapper", ["/usr/sbin/postmulti", "start"], pm_files(), WENV, "postmulti"),
       plan([pp(P, "start"), pp(PA, "start"), pp(PB, "check", reason=START_CHECK)],
            "any-failure-is-one"))

vector("wrapper-postmulti-no-command", ["R92", "R73"],
       "postfix(1) without a command hands the wrapper nothing: -p needs one.",
       scenario("wrapper", ["/usr/sbin/postmulti"], pm_files(), WENV, "postmulti"),
       whole_fail("Command required with '-p' or '-x' option"))


def wire_string(s):
    b = s.encode("latin-1")
    if not b.startswith(b"\0"):
        try:
            return b.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return "\0base64:" + base64.b64encode(b).decode("ascii")


def wire(v):
    if isinstance(v, str):
        return wire_string(v)
    if isinstance(v, list):
        return [wire(e) for e in v]
    if isinstance(v, dict):
        return {wire_string(k): wire(e) for k, e in v.items()}
    return v


def main():
    names = set()
    for name, rules, comment, scen, expected in VECTORS:
        if name in names:
            sys.exit(f"duplicate vector {name}")
        names.add(name)
        scen = dict(scen)
        scen["comment"] = comment
        scen["rules"] = rules
        with open(os.path.join(HERE, name + ".in"), "w") as f:
            f.write(json.dumps(wire(scen), indent=2) + "\n")
        with open(os.path.join(HERE, name + ".ref"), "w") as f:
            f.write(json.dumps(wire(expected), indent=2) + "\n")
    for existing in os.listdir(HERE):
        base, ext = os.path.splitext(existing)
        if ext in (".in", ".ref") and base not in names:
            os.remove(os.path.join(HERE, existing))
    print(f"{len(VECTORS)} vectors")


if __name__ == "__main__":
    main()
