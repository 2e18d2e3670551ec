//! Every operation of the spec, driven by the spec: its sample request, signed, answered with
//! 200 in JSON (V3) and XML (V1), each body read by our typed model, `RegionId` echoed.
//!
//! The operations that keep state get requests naming what exists (the seed task and images,
//! a task placed for `CancelTask`, a disk for `ImportImage`); no operation is skipped.

use alicloud_ecs_emulator::TaskSeed;
use alicloud_ecs_model::{Format, registry, spec};
use serde_json::Value;
use tokio::task::JoinSet;

use crate::support::{Call, TestEmulator, send};

/// The sample request of `action`, made to name existing resources where the operation keeps
/// state (`CancelTask` gets a task placed for it); `xml` picks a second region for the second
/// call.
async fn request(emu: &TestEmulator, action: &str, xml: bool) -> Vec<(String, String)> {
    let region = if xml { "cn-shanghai" } else { "cn-hangzhou" };
    let mut params = alicloud_ecs_emulator::sample_request(action, region).unwrap();
    if action == "CancelTask" {
        let task = emu
            .handle
            .control()
            .seed_task(TaskSeed::new(region, "ImportImage"))
            .await
            .unwrap();
        params.retain(|(n, _)| n != "RegionId" && n != "TaskId");
        params.push(("RegionId".to_owned(), region.to_owned()));
        params.push(("TaskId".to_owned(), task.task_id));
    }
    params
}

/// Every `RegionId` member of `value`, at any depth.
fn region_ids<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                if name == "RegionId" {
                    out.push(member);
                }
                region_ids(member, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| region_ids(v, out)),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_answers_its_sample_request() {
    let emu = TestEmulator::frozen().await;
    let mut calls = Vec::new();
    for (action, _) in spec::actions() {
        for xml in [false, true] {
            let params = request(&emu, action, xml).await;
            let mut call = emu.call(action);
            call.params = params;
            let call = if xml { call.v1().format("XML") } else { call };
            calls.push((action, xml, call));
        }
    }
    let count = calls.len();
    let mut running = JoinSet::new();
    for (action, xml, call) in calls {
        let client = emu.client.clone();
        let endpoint = emu.handle.endpoint();
        let request = call.request(&emu.host());
        running.spawn(async move {
            let reply = send(&client, &endpoint, request).await.unwrap();
            (action, xml, call, reply)
        });
    }
    let mut failures = Vec::new();
    while let Some(done) = running.join_next().await {
        let (action, xml, call, reply) = done.unwrap();
        if let Err(why) = verify(action, xml, &call, &reply) {
            failures.push(format!(
                "{action} ({}): {why}",
                if xml { "XML" } else { "JSON" }
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} calls failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count >= 2 * 366, "{count}");
}

fn verify(
    action: &str,
    xml: bool,
    call: &Call,
    reply: &crate::support::Reply,
) -> Result<(), String> {
    if reply.status != 200 {
        return Err(format!("HTTP {}: {}", reply.status, reply.body));
    }
    let entry = registry::operation(action).ok_or("not in the registry")?;
    let format = if xml { Format::Xml } else { Format::Json };
    let parsed = entry
        .response_to_json(format, reply.body.as_bytes())
        .map_err(|e| format!("does not read: {e}: {}", reply.body))?;
    if xml {
        let root = format!("<{action}Response>");
        if !reply.body.contains(&root) {
            return Err(format!("no {root}: {}", reply.body));
        }
        // A few operations' models spell it `requestId` (the body has both).
        if !parsed.to_ascii_lowercase().contains("\"requestid\"") {
            return Err(format!("no RequestId: {}", reply.body));
        }
        return Ok(());
    }
    let body: Value = serde_json::from_str(&reply.body).map_err(|e| e.to_string())?;
    if body["RequestId"] != reply.headers["x-acs-request-id"].to_str().unwrap() {
        return Err(format!("no RequestId: {}", reply.body));
    }
    let region = call.params.iter().find(|(n, _)| n == "RegionId");
    if let Some((_, region)) = region {
        let mut found = Vec::new();
        region_ids(&body, &mut found);
        if let Some(other) = found.iter().find(|v| v.as_str() != Some(region)) {
            return Err(format!(
                "RegionId {other} instead of {region}: {}",
                reply.body
            ));
        }
    }
    Ok(())
}
