//! One operation of every API group, by name, against the emulator, in both output modes:
//! the whole surface can be tried offline. Each group's first `Describe…` operation (or its
//! first operation) is called with the spec's smallest valid request.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use alicloud_ecs_model::spec;
use support::Standalone;

/// The operation tried for a group.
fn pick(actions: &[&'static str]) -> &'static str {
    actions
        .iter()
        .find(|a| a.starts_with("Describe"))
        .or_else(|| actions.first())
        .copied()
        .unwrap()
}

#[test]
fn one_operation_of_every_group_in_both_output_modes() {
    let emulator = Standalone::start();
    let groups = spec::groups();
    assert_eq!(groups.len(), 28);
    for (group, actions) in groups {
        let action = pick(&actions);
        let mut args = vec![action.to_owned()];
        for (name, value) in alicloud_ecs_emulator::sample_request(action, "cn-hangzhou").unwrap() {
            args.push(format!("--{name}"));
            args.push(value);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();

        let json = emulator.run(&[&args[..], &["--output", "json"]].concat());
        assert_eq!(
            json.code, 0,
            "{group}: {args:?}\nstdout:\n{}\nstderr:\n{}",
            json.stdout, json.stderr
        );
        let body = json.json();
        assert!(
            body.get("RequestId")
                .or_else(|| body.get("requestId"))
                .is_some(),
            "{group}: {action}: {body}"
        );

        let table = emulator.run(&[&args[..], &["--output", "table"]].concat());
        assert_eq!(
            table.code, 0,
            "{group}: {args:?}\nstdout:\n{}\nstderr:\n{}",
            table.stdout, table.stderr
        );
        assert!(
            !table.stdout.trim().is_empty(),
            "{group}: {action}: empty table"
        );
        assert!(
            serde_json::from_str::<serde_json::Value>(&table.stdout).is_err(),
            "{group}: {action}: a table, not JSON:\n{}",
            table.stdout
        );
    }
}
