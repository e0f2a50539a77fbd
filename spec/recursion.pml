/*
 * spec/recursion.pml: postfix(1) and a multi-instance wrapper calling each other through the
 * environment (spec/rules.md R95; postfix-wrapper(5) MULTI-INSTANCE API SUMMARY: "-c or
 * MAIL_CONFIG ... is necessary to terminate recursion"; spec/postfix-facts.md §1.8).
 *
 * A process is postfix(1) or a manager. postfix(1) (R40-R49): -c sets MAIL_CONFIG (a relative
 * -c is fatal); MAIL_CONFIG present or an empty instance list: exec postfix-script; else an
 * empty wrapper is fatal, a non-Postfix wrapper ends the chain, and otherwise MAIL_CONFIG is
 * exported and the wrapper exec'd. The managers, one per wrapper setting in the domain:
 *   SEED, SCRIPT   the shell wrappers (R50-R61): `postfix -c DIR ...` per instance, environment
 *                  inherited; disabled instances are skipped or run "check" (still postfix -c);
 *   POSTMULTI      postmulti -p (R70-R92): refuses a non-default MAIL_CONFIG; per selected
 *                  instance `postfix -- ...` with MAIL_CONFIG=DIR;
 *   POSTFIX        the wrapper is postfix itself: exec'd with the exported environment;
 *   EMPTY, OTHER   fatal / a program that runs no Postfix command.
 * The instance list has 0..MAXLIST elements, any of them the default instance, relative or
 * absolute, enabled or not; the command is stop-class or not; the top-level postfix(1) may get
 * -c and may inherit MAIL_CONFIG. Every combination is explored.
 *
 * Checked (tests/spin.cmake, tests/spin_check.sh):
 *   - assertion: at most 2 postfix(1) processes on any chain (depth <= 2);
 *   - no invalid end state: every process ends, nobody waits forever;
 *   - ltl terminates: every run reaches "done" (pan -a finds no acceptance cycle).
 * With -DBROKEN_WRAPPER a wrapper that unsets MAIL_CONFIG before running postfix is added to the
 * domain; the check must then FAIL (the test asserts that too, so the model has teeth).
 */

#define MAXLIST 3

mtype = { SEED, SCRIPT, POSTMULTI, POSTFIX, EMPTY, OTHER, UNSETS };

mtype wrapper;
byte list_len;                 /* elements of multi_instance_directories */
bool is_default[MAXLIST + 1];  /* index 0 is the primary; others may name it again */
bool absolute[MAXLIST + 1];
bool inst_enabled[MAXLIST + 1];
bool stop_class;               /* stop, abort, drain, quick-stop, ... */
bool override_config_dir;      /* main.cf sets config_directory: postmulti refuses MAIL_CONFIG */
byte max_depth = 0;
bool done = false;

/* One proctype for both programs (Promela's run needs the proctype defined first, and the two
 * call each other). kind POSTFIX_CMD is postfix(1), at depth = the postfix(1) processes on
 * this chain, this one included; kind MANAGER is the wrapper that replaced the postfix(1)
 * process at that depth, mail_config being its inherited environment. */
mtype = { POSTFIX_CMD, MANAGER };

proctype proc(chan ret; mtype kind; bool mail_config; bool dash_c; bool dash_c_absolute;
              byte depth)
{
  chan child = [0] of { bit };
  byte i = 0;
  if
  :: kind == MANAGER -> goto manager
  :: else -> skip
  fi;

  /* postfix(1) */
  assert(depth <= 2);
  if
  :: depth > max_depth -> max_depth = depth
  :: else -> skip
  fi;
  if
  :: dash_c && !dash_c_absolute -> goto finish    /* R41: fatal */
  :: dash_c && dash_c_absolute -> mail_config = true
  :: else -> skip
  fi;
  if
  :: mail_config || list_len == 0 -> goto finish  /* R43, R48: exec postfix-script */
  :: else -> skip
  fi;
  /* R46: MAIL_CONFIG=$config_directory is exported before the hand-off. */
  if
  :: wrapper == EMPTY -> goto finish              /* R49: fatal */
  :: wrapper == OTHER -> goto finish              /* runs no Postfix command */
  :: else -> run proc(ret, MANAGER, true, false, true, depth); goto exec_done  /* exec */
  fi;

manager:
  if
  :: wrapper == POSTFIX ->
       run proc(ret, POSTFIX_CMD, mail_config, false, true, depth + 1);   /* exec */
       goto exec_done
  :: wrapper == POSTMULTI && override_config_dir -> skip                /* R70: fatal */
  :: wrapper == POSTMULTI && !override_config_dir ->
       do
       :: i <= list_len ->
            if
            :: stop_class && !inst_enabled[i] -> skip                   /* R80, R82: skipped */
            :: else ->
                 /* R81: postfix -- CMD with MAIL_CONFIG=DIR (relative or not). */
                 run proc(child, POSTFIX_CMD, true, false, true, depth + 1);
                 child?_
            fi;
            i++
       :: else -> break
       od
  :: wrapper == SEED || wrapper == SCRIPT ->
       do
       :: i <= list_len ->
            if
            :: stop_class && !inst_enabled[i] -> skip                   /* R57 */
            :: else ->
                 /* R56, R58: postfix -c DIR (check or the command); environment inherited. */
                 run proc(child, POSTFIX_CMD, mail_config, true, absolute[i], depth + 1);
                 child?_
            fi;
            i++
       :: else -> break
       od
#ifdef BROKEN_WRAPPER
  :: wrapper == UNSETS ->
       /* Outside the domain: `env -u MAIL_CONFIG postfix "$@"`. */
       run proc(ret, POSTFIX_CMD, false, false, true, depth + 1);
       goto exec_done
#endif
  :: else -> skip
  fi;
finish:
  ret!1;
exec_done:
  skip
}

init
{
  chan top = [0] of { bit };
  bool inherited_mail_config, dash_c, dash_c_absolute;
  byte k;
  /* The domain, chosen nondeterministically. */
  if
  :: wrapper = SEED
  :: wrapper = SCRIPT
  :: wrapper = POSTMULTI
  :: wrapper = POSTFIX
  :: wrapper = EMPTY
  :: wrapper = OTHER
#ifdef BROKEN_WRAPPER
  :: wrapper = UNSETS
#endif
  fi;
  if
  :: list_len = 0
  :: list_len = 1
  :: list_len = 2
  :: list_len = MAXLIST
  fi;
  is_default[0] = true;
  absolute[0] = true;
  k = 0;
  do
  :: k <= MAXLIST ->
       if :: inst_enabled[k] = true :: inst_enabled[k] = false fi;
       if
       :: k > 0 ->
            /* the default instance listed again, another absolute directory, a relative one */
            if
            :: is_default[k] = true; absolute[k] = true
            :: is_default[k] = false; absolute[k] = true
            :: is_default[k] = false; absolute[k] = false
            fi
       :: else -> skip
       fi;
       k++
  :: else -> break
  od;
  if :: stop_class = true :: stop_class = false fi;
  if :: override_config_dir = true :: override_config_dir = false fi;
  if :: inherited_mail_config = true :: inherited_mail_config = false fi;
  if :: dash_c = true :: dash_c = false fi;
  if :: dash_c_absolute = true :: dash_c_absolute = false fi;

  run proc(top, POSTFIX_CMD, inherited_mail_config, dash_c, dash_c_absolute, 1);
  top?_;
  done = true
}

ltl terminates { <> done }
