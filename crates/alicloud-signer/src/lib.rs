//! ACS request signing.
