//! The transport trait.
