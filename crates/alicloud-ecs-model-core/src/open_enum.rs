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
            /// A value this version does not know, kept as it was sent.
            Unknown($crate::UnknownValue),
        }

        impl $name {
            /// The documented wire values.
            pub const VALUES: &'static [&'static str] = &[$($wire),*];

            /// The wire text.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Whether the value is one of the documented ones.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl $crate::shape::OpenEnum for $name {
            fn wire(&self) -> &str {
                self.as_str()
            }
            fn from_wire(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )*
                    other => Self::Unknown($crate::open_enum::unknown(other.to_owned())),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                $crate::shape::OpenEnum::from_wire(value)
            }
        }

        impl ::std::convert::From<String> for $name {
            fn from(value: String) -> Self {
                $crate::shape::OpenEnum::from_wire(&value)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let text: ::std::borrow::Cow<'de, str> =
                    $crate::__private::serde::Deserialize::deserialize(d)?;
                Ok($crate::shape::OpenEnum::from_wire(&text))
            }
        }

        impl $crate::shape::Item for $name {
            fn read_item(
                source: $crate::shape::Source<'_, '_>,
            ) -> ::std::result::Result<::std::option::Option<Self>, $crate::shape::ReadError> {
                match $crate::open_enum::text(source) {
                    ::std::result::Result::Ok(::std::option::Option::Some(text)) => {
                        ::std::result::Result::Ok(::std::option::Option::Some(
                            $crate::shape::OpenEnum::from_wire(&text),
                        ))
                    }
                    ::std::result::Result::Ok(::std::option::Option::None) => {
                        ::std::result::Result::Ok(::std::option::Option::None)
                    }
                    ::std::result::Result::Err(e) => ::std::result::Result::Err(e),
                }
            }
            fn write_item(
                &self,
                sink: &mut dyn $crate::shape::Sink,
                field: &$crate::shape::Field,
                name: &str,
            ) -> ::std::result::Result<(), $crate::shape::WriteError> {
                sink.scalar(field, name, $crate::shape::Scalar::Str(self.as_str()))
            }
        }
    };
}

/// Wrap a value no variant matched.
#[doc(hidden)]
pub fn unknown(value: String) -> UnknownValue {
    UnknownValue(value)
}

/// An enum's wire text; `None` when empty (used by the generated code).
#[doc(hidden)]
pub fn text<'s>(
    source: crate::shape::Source<'s, '_>,
) -> Result<Option<std::borrow::Cow<'s, str>>, crate::shape::ReadError> {
    match crate::source::text(source) {
        Ok(t) if t.is_empty() => Ok(None),
        Ok(t) => Ok(Some(t)),
        Err(e) => Err(e),
    }
}
