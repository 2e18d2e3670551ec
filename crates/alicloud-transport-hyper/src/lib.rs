//! hyper transport.
