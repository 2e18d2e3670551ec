//! The request pipeline shared by the HTTP server and in-process dispatch: control API or RPC
//! call; for RPC calls parse, authenticate, resolve the action, apply faults, run the operation
//! and render the response.

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLockReadGuard};

use alicloud_ecs_model::codes;
use bytes::Bytes;
use http::{Method, Request, Response};

use crate::auth::Auth;
use crate::clock::{Clock, wall_now};
use crate::control_http;
use crate::faults::Faults;
use crate::ops::{Op, Params};
use crate::request::{Parsed, fallback_format, host_of};
use crate::respond::{ApiError, Ctx};
use crate::rng::AtomicSplitMix;
use crate::state::State;
use crate::store::{StateMut, Store};

/// The API version the emulator serves.
const VERSION: &str = "2014-05-26";

/// A response, and whether the connection should be dropped while sending it.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) response: Response<Bytes>,
    pub(crate) drop_connection: bool,
}

impl From<Response<Bytes>> for Reply {
    fn from(response: Response<Bytes>) -> Self {
        Self {
            response,
            drop_connection: false,
        }
    }
}

/// The emulator's shared state and machinery.
#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) store: Store,
    pub(crate) clock: Clock,
    pub(crate) auth: Auth,
    pub(crate) faults: Faults,
    request_ids: AtomicSplitMix,
    /// The seed of this run, for resetting the state.
    pub(crate) seed: u64,
}

impl Inner {
    /// Assemble the machinery.
    pub(crate) fn new(
        state: State,
        clock: Clock,
        auth: Auth,
        faults: Faults,
        request_ids: AtomicSplitMix,
        state_file: Option<PathBuf>,
        seed: u64,
    ) -> Self {
        Self {
            store: Store::new(state, state_file),
            clock,
            auth,
            faults,
            request_ids,
            seed,
        }
    }

    /// Read access to the state (see [`Store::read`]).
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, State> {
        self.store.read()
    }

    /// Write access to the state; with a state file, changes become visible when saved (see
    /// [`Store`]).
    pub(crate) fn write(&self) -> StateMut<'_> {
        self.store.write()
    }

    /// A fresh `RequestId`.
    pub(crate) fn next_request_id(&self) -> String {
        self.request_ids.request_id()
    }

    /// Save the state file, if there is one, and make the changes written since the last save
    /// visible; on failure they are discarded (see [`Store::save`]).
    pub(crate) async fn save(&self) -> std::io::Result<()> {
        self.store.save(self.clock.now_ms()).await
    }

    /// Save, reporting a failure as `InternalError`.
    pub(crate) async fn save_or_fail(&self) -> Result<(), ApiError> {
        self.save()
            .await
            .map_err(|e| ApiError::internal(format!("state file: {e}")))
    }
}

/// Serve one request from `peer`.
pub(crate) async fn handle(inner: &Arc<Inner>, request: Request<Bytes>, peer: IpAddr) -> Reply {
    if control_http::is_control_path(request.uri().path()) {
        return control_http::handle(inner, request, peer).await.into();
    }
    handle_api(inner, request).await
}

async fn handle_api(inner: &Inner, request: Request<Bytes>) -> Reply {
    let mut ctx = Ctx {
        request_id: inner.next_request_id(),
        format: fallback_format(request.headers()),
        host: host_of(request.headers(), request.uri()),
    };
    let parsed = match Parsed::new(request) {
        Ok(parsed) => parsed,
        Err(err) => return ctx.error(&err).into(),
    };
    ctx.format = parsed.format();
    let op = match authorize(inner, &parsed) {
        Ok(op) => op,
        Err(err) => return ctx.error(&err).into(),
    };
    let decision = inner.faults.decide(op.name());
    if !decision.delay.is_zero() {
        tokio::time::sleep(decision.delay).await;
    }
    if decision.throttle {
        let err = ApiError::new(
            400,
            codes::THROTTLING_USER,
            "Request was denied due to user flow control.",
        );
        return ctx.error(&err).into();
    }
    if decision.unavailable {
        let err = ApiError::new(
            503,
            codes::SERVICE_UNAVAILABLE,
            "The request has failed due to a temporary failure of the server.",
        );
        return ctx.error(&err).into();
    }
    let params = Params::new(parsed.operation_params());
    // Only changes queue behind each other's saves; reads see the committed state.
    let _txn = if op.writes() {
        inner.store.begin().await
    } else {
        None
    };
    let response = match op.run(inner, &params, &ctx).await {
        Ok(response) => response,
        Err(err) => ctx.error(&err),
    };
    Reply {
        response,
        drop_connection: decision.drop,
    }
}

/// Authenticate the request and resolve its operation.
fn authorize(inner: &Inner, parsed: &Parsed) -> Result<Op, ApiError> {
    if parsed.method != Method::GET && parsed.method != Method::POST {
        return Err(action_not_found());
    }
    let verified = inner.auth.check(parsed, wall_now())?;
    let action = verified.action.ok_or_else(|| ApiError::missing("Action"))?;
    let version = verified
        .api_version
        .ok_or_else(|| ApiError::missing("Version"))?;
    if version != VERSION {
        return Err(ApiError::new(
            400,
            codes::INVALID_VERSION,
            "Specified parameter Version is not valid.",
        ));
    }
    Op::from_action(&action).ok_or_else(action_not_found)
}

fn action_not_found() -> ApiError {
    ApiError::new(
        404,
        codes::INVALID_ACTION_NOT_FOUND,
        "Specified api is not found, please check your url and method.",
    )
}
