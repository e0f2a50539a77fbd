#!/usr/bin/python3
# -*- coding: utf-8 -*-
# pfmulti_instances: an Ansible module that makes a host's Postfix instances what the task says,
# through `pfmulti apply --json` (issue 18 item 3; docs/apply.md). The module does no matching
# and parses no text: it builds pfmulti's document (spec/apply.schema.json), runs pfmulti with
# an argv (never a shell) and reads its one JSON result (spec/apply-result.schema.json).
# Check mode runs `pfmulti apply -n`, diff mode adds `--diff`; `changed` is pfmulti's.
# Licence: as pfmulti.

DOCUMENTATION = r"""
---
module: pfmulti_instances
short_description: Declare the Postfix instances of a host (pfmulti apply)
description:
  - Makes the secondary Postfix instances of a host what I(instances) lists: creates or
    imports missing ones, renames, regroups, enables or disables existing ones, sets their
    main.cf parameters, and with I(prune) deports the ones not listed (their files stay).
  - Everything is one transaction (pfmulti's life-cycle journal and undo): a failing step
    leaves the host as it was.
  - Instances are matched exactly by name (else by config_directory), never by prefix.
  - Supports check mode (C(pfmulti apply -n)) and diff mode (a unified diff of every main.cf).
options:
  instances:
    description: The secondary instances the host should have (the primary is not listed).
    type: list
    elements: dict
    required: true
    suboptions:
      name: {description: multi_instance_name (must start with postfix-), type: str}
      group: {description: multi_instance_group, type: str}
      enabled: {description: multi_instance_enable, type: bool, default: false}
      config_directory: {description: the instance's configuration directory, type: str, required: true}
      queue_directory: {description: its queue directory (derived when absent), type: str}
      data_directory: {description: its data directory (derived when absent), type: str}
      settings: {description: main.cf parameters of the instance, type: dict}
  prune:
    description: Deport (never destroy) the secondaries that I(instances) does not list.
    type: bool
    default: false
  config_directory:
    description: The primary instance's configuration directory (pfmulti -c); default Postfix's.
    type: path
  pfmulti:
    description: The pfmulti program.
    type: path
    default: pfmulti
"""

EXAMPLES = r"""
- name: Two outbound instances
  pfmulti_instances:
    instances:
      - name: postfix-out
        group: mta
        enabled: true
        config_directory: /etc/postfix-out
        settings:
          inet_interfaces: loopback-only
      - name: postfix-outbound
        config_directory: /etc/postfix-outbound
"""

RETURN = r"""
changes:
  description: What was (or, in check mode, would be) done, in order.
  type: list
  returned: always
pfmulti:
  description: pfmulti's JSON result as it printed it.
  type: dict
  returned: when pfmulti ran
"""

import json

from ansible.module_utils.basic import AnsibleModule


def setting_value(value):
    # main.cf values are strings; YAML gives numbers and booleans too.
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return str(value)
    return value


def document(instances):
    out = []
    for item in instances:
        entry = {}
        for key in ("name", "group", "enabled", "config_directory", "queue_directory",
                    "data_directory"):
            if item.get(key) is not None:
                entry[key] = item[key]
        if item.get("settings"):
            entry["settings"] = {str(k): setting_value(v) for k, v in item["settings"].items()}
        out.append(entry)
    return {"version": 1, "instances": out}


def main():
    module = AnsibleModule(
        argument_spec=dict(
            instances=dict(type="list", elements="dict", required=True, options=dict(
                name=dict(type="str"),
                group=dict(type="str"),
                enabled=dict(type="bool", default=False),
                config_directory=dict(type="str", required=True),
                queue_directory=dict(type="str"),
                data_directory=dict(type="str"),
                settings=dict(type="dict"),
            )),
            prune=dict(type="bool", default=False),
            config_directory=dict(type="path"),
            pfmulti=dict(type="path", default="pfmulti"),
        ),
        supports_check_mode=True,
    )
    p = module.params
    program = p["pfmulti"]
    if "/" not in program:
        program = module.get_bin_path(program, required=True,
                                      opt_dirs=["/usr/sbin", "/usr/local/sbin"])
    argv = [program, "apply", "--json"]
    if p["config_directory"]:
        argv += ["-c", p["config_directory"]]
    if module.check_mode:
        argv.append("-n")
    if module._diff:
        argv.append("--diff")
    if p["prune"]:
        argv.append("--prune")
    argv.append("-")
    rc, out, err = module.run_command(argv, data=json.dumps(document(p["instances"])),
                                      binary_data=True, use_unsafe_shell=False)
    result = None
    for line in out.splitlines():
        try:
            result = json.loads(line)
        except ValueError:
            continue
    if rc != 0 or result is None or "error" in result:
        message = (result or {}).get("error") or err.strip() or "pfmulti apply failed"
        module.fail_json(msg=message, rc=rc, stderr=err, pfmulti=result, cmd=argv)
    response = dict(changed=bool(result["changed"]), changes=result["changes"], pfmulti=result)
    if result.get("warnings"):
        response["warnings"] = result["warnings"]
    if module._diff:
        response["diff"] = dict(prepared=result["diff"])
    module.exit_json(**response)


if __name__ == "__main__":
    main()
