//! [`Call`]: a request being prepared, with per-call options; `.send()` runs it.
//!
//! Each operation's parameter setters are generated onto `Call<ItsRequest>`, so a call reads
//! `client.describe_task_attribute().task_id("t-…").timeout(…).send().await`.

use std::time::Duration;

use alicloud_ecs_model::Operation;

use crate::client::Client;
use crate::error::Error;
use crate::retry::RetryConfig;
use crate::send::CallOptions;

/// A request of operation `O`, ready to send.
#[derive(Debug, Clone)]
#[must_use = "a call does nothing until `.send().await`"]
pub struct Call<O> {
    client: Client,
    request: O,
    options: CallOptions,
}

impl<O: Operation> Call<O> {
    /// A call of `request` through `client`.
    pub fn new(client: &Client, request: O) -> Self {
        Self {
            client: client.clone(),
            request,
            options: CallOptions::default(),
        }
    }

    /// Change the request with one of its setters (used by the generated setters).
    pub(crate) fn map(mut self, f: impl FnOnce(O) -> O) -> Self {
        self.request = f(self.request);
        self
    }

    /// Replace the whole request.
    pub fn set_request(mut self, request: O) -> Self {
        self.request = request;
        self
    }

    /// The request as it stands.
    pub fn request(&self) -> &O {
        &self.request
    }

    /// The longest one attempt of this call may take.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// The retry policy of this call.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.options.retry = Some(retry);
        self
    }

    /// Send the request; retried as the policy allows.
    pub async fn send(self) -> Result<O::Response, Error> {
        self.client.send(self.request, &self.options).await
    }

    pub(crate) fn into_parts(self) -> (Client, O, CallOptions) {
        (self.client, self.request, self.options)
    }
}
