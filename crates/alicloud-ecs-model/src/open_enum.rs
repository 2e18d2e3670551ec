//! Open enums: the documented values as variants, anything else kept as [`UnknownValue`].
//!
//! Alibaba returns values it never documented (task states, new formats), so no enum in this
//! crate fails on an unfamiliar value. Match the variants you care about and fall through
//! with `_`; compare unfamiliar values with [`as_str`](UnknownValue::as_str):
//!
//! ```
//! use alicloud_ecs_model::TaskStatus;
//!
//! let status: TaskStatus = "Cancelling".into();
//! let done = match &status {
//!     TaskStatus::Finished | TaskStatus::Failed => true,
//!     _ => false,
//! };
//! assert!(!done);
//! assert_eq!(status.as_str(), "Cancelling");
//! ```

use std::fmt;

/// A value an open enum does not know. Opaque on purpose: when a later version adds the
/// value as a variant, code matching on the variant keeps working and nothing silently
/// stops matching a string pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(pub(crate) String);

impl UnknownValue {
    /// The value as it was on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Defines an open enum with its wire strings. Used by the generated code.
#[doc(hidden)]
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version does not know; see [`UnknownValue`]($crate::UnknownValue).
            Unknown($crate::UnknownValue),
        }

        impl $name {
            /// Every documented wire value, in the order of the spec.
            pub const VALUES: &'static [&'static str] = &[$($wire),*];

            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Whether this is a documented value.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )*
                    other => Self::Unknown($crate::open_enum::unknown(other.to_owned())),
                }
            }
        }

        impl ::std::convert::From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $( $wire => Self::$variant, )*
                    _ => Self::Unknown($crate::open_enum::unknown(value)),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::params::ParamValue for $name {
            fn to_param(&self) -> String {
                self.as_str().to_owned()
            }
        }

        impl $crate::params::WriteParams for $name {
            fn write_params(
                &self,
                name: &str,
                out: &mut $crate::params::Params,
            ) -> ::std::result::Result<(), $crate::params::ParamError> {
                out.push(name.to_owned(), self.as_str());
                Ok(())
            }
            fn write_params_static(
                &self,
                name: &'static str,
                out: &mut $crate::params::Params,
            ) -> ::std::result::Result<(), $crate::params::ParamError> {
                out.push(name, self.as_str());
                Ok(())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                Ok($crate::lenient::opt_string(d)?.map(Self::from).unwrap_or_else(|| Self::from("")))
            }
        }

        #[cfg(feature = "serialize")]
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

/// Wrap a value no variant matched.
#[doc(hidden)]
pub fn unknown(value: String) -> UnknownValue {
    UnknownValue(value)
}
