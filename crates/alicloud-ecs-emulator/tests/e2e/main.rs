//! End-to-end tests of the emulator: raw signed requests over HTTP (and in-process dispatch),
//! covering authentication, the operations, the task lifecycle, faults, the control API, the
//! state file, the binary, and a property test over random call sequences.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    missing_docs,
    unreachable_pub
)]

mod auth;
mod binary;
mod control;
mod control_guard;
mod creation;
mod every_operation;
mod faults;
mod journey;
mod lifecycle;
mod limits;
mod ops;
mod persist;
mod property;
mod replay;
mod support;
mod validation;
