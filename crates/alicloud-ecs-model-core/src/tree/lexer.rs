//! The JSON lexer under both JSON readers (the node tree and the streaming walker): a strict
//! RFC 8259 scanner that borrows every string without escapes and keeps numbers as written.

use std::borrow::Cow;
use std::fmt;

use crate::depth::MAX_DEPTH;

/// Why a JSON text could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    message: &'static str,
    line: usize,
    column: usize,
}

impl JsonError {
    /// The line of the offending byte, from 1.
    pub fn line(&self) -> usize {
        self.line
    }
    /// The column of the offending byte, from 1, counted in bytes.
    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for JsonError {}

/// A position in a JSON text and the primitives to read on from it.
#[doc(hidden)]
pub struct Lexer<'a> {
    pub(super) src: &'a str,
    pub(super) bytes: &'a [u8],
    pub(crate) pos: usize,
    /// For the streaming walker: per structure (its field table's address), the field of each
    /// member of the last object whose members came in another order than the spec's. The
    /// items of a list share their order, so from the second item on, each name costs one
    /// comparison again.
    pub(crate) orders: Vec<(usize, Vec<u8>)>,
}

impl fmt::Debug for Lexer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not the text: a body can be megabytes.
        f.debug_struct("Lexer")
            .field("pos", &self.pos)
            .field("len", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        Self {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            orders: Vec::new(),
        }
    }

    /// A lexer at the start of `src`, whose root must be an object (every ECS body is).
    pub(crate) fn object_root(src: &'a str) -> Result<Self, JsonError> {
        let mut lexer = Self::new(src);
        if lexer.peek_value() == Some(b'{') {
            Ok(lexer)
        } else {
            Err(lexer.error("expected a JSON object"))
        }
    }

    #[inline]
    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// The next byte that is not white space.
    #[inline]
    pub(crate) fn peek_value(&mut self) -> Option<u8> {
        self.skip_ws();
        self.peek()
    }

    pub(crate) fn error(&self, message: &'static str) -> JsonError {
        let before = self.bytes.get(..self.pos).unwrap_or(self.bytes);
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        JsonError {
            message,
            line: 1 + before.iter().filter(|&&b| b == b'\n').count(),
            column: 1 + self.pos - line_start,
        }
    }

    #[inline]
    pub(crate) fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    /// Only white space is left.
    pub(crate) fn end(&mut self) -> Result<(), JsonError> {
        self.skip_ws();
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("trailing characters")),
        }
    }

    #[inline]
    pub(super) fn slice(&self, start: usize, end: usize) -> Result<&'a str, JsonError> {
        // Both ends sit next to ASCII bytes, so this never splits a character.
        self.src
            .get(start..end)
            .ok_or_else(|| self.error("invalid UTF-8 boundary"))
    }

    /// Whether an object whose `{` is read has another member, read up to its name; `false`
    /// (with the `}` read) at its end.
    #[inline]
    pub(crate) fn next_member(&mut self, first: &mut bool) -> Result<bool, JsonError> {
        self.another(first, b'}', "expected `,` or `}`")
    }

    /// Whether the member name ahead is exactly `name` (which holds no `"` or `\`); if so,
    /// it is read with its colon. The walker's fast path: a body in the spec's order names
    /// the expected field next, and this costs one comparison instead of a scan.
    #[inline]
    pub(crate) fn key_is(&mut self, name: &str) -> bool {
        self.skip_ws();
        let start = self.pos + 1;
        let end = start + name.len();
        if self.bytes.get(self.pos) == Some(&b'"')
            && self.bytes.get(start..end) == Some(name.as_bytes())
            && self.bytes.get(end) == Some(&b'"')
        {
            self.pos = end + 1;
            self.skip_ws();
            if self.peek() == Some(b':') {
                self.pos += 1;
                return true;
            }
            // Not a member after all: leave it to `key` to report.
            self.pos = start - 1;
        }
        false
    }

    /// Whether another item of an array whose `[` is read follows (its `,` read), or `false`
    /// at the closing `]`.
    #[inline]
    pub(crate) fn item(&mut self, first: &mut bool) -> Result<bool, JsonError> {
        self.another(first, b']', "expected `,` or `]`")
    }

    /// Whether a container goes on: a `,` between entries (none before the first, which
    /// `first` marks), or `close` at its end.
    #[inline]
    fn another(
        &mut self,
        first: &mut bool,
        close: u8,
        expected: &'static str,
    ) -> Result<bool, JsonError> {
        match self.peek_value() {
            Some(b) if b == close => {
                self.pos += 1;
                return Ok(false);
            }
            Some(b',') if !*first => self.pos += 1,
            _ if *first => {}
            _ => return Err(self.error(expected)),
        }
        *first = false;
        Ok(true)
    }

    /// A scalar's text: strings decoded, numbers and `true`/`false` as written; `None` for an
    /// object, which is left unread. Not for `null` or arrays.
    #[inline]
    pub(crate) fn scalar(&mut self) -> Result<Option<Cow<'a, str>>, JsonError> {
        match self.peek_value() {
            Some(b'"') => self.string().map(Some),
            Some(b'{') => Ok(None),
            Some(b't') => self.literal(b"true").map(|()| Some(Cow::Borrowed("true"))),
            Some(b'f') => self
                .literal(b"false")
                .map(|()| Some(Cow::Borrowed("false"))),
            Some(b'-' | b'0'..=b'9') => self.number().map(|n| Some(Cow::Borrowed(n))),
            Some(_) => Err(self.error("expected a value")),
            None => Err(self.error("unexpected end of input")),
        }
    }

    /// Read past one value of any kind, checking its syntax. Nesting is tracked in a bit
    /// stack (object or array per level): at most [`MAX_DEPTH`] (and 128, the stack's width)
    /// levels below the value's start.
    pub(crate) fn skip_value(&mut self) -> Result<(), JsonError> {
        let mut objects: u128 = 0;
        let mut depth = 0usize;
        let mut first = false;
        loop {
            let opened = match self.peek_value() {
                Some(b'{') => Some(true),
                Some(b'[') => Some(false),
                Some(b'n') => self.literal(b"null").map(|()| None)?,
                _ => self.scalar().map(|_| None)?,
            };
            if let Some(object) = opened {
                if depth >= MAX_DEPTH.min(u128::BITS as usize) {
                    return Err(self.error("nested too deeply"));
                }
                self.pos += 1;
                objects = (objects << 1) | u128::from(object);
                depth += 1;
                first = true;
            }
            // Close what ends here; stop at the next value to read.
            loop {
                if depth == 0 {
                    return Ok(());
                }
                let more = if objects & 1 == 1 {
                    if self.next_member(&mut first)? {
                        self.key()?;
                        true
                    } else {
                        false
                    }
                } else {
                    self.item(&mut first)?
                };
                if more {
                    break;
                }
                objects >>= 1;
                depth -= 1;
                first = false;
            }
        }
    }

    /// A member name and its colon.
    #[inline]
    pub(crate) fn key(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.skip_ws();
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a member name"));
        }
        let key = self.string()?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.error("expected `:`"));
        }
        self.pos += 1;
        Ok(key)
    }

    #[inline]
    pub(crate) fn literal(&mut self, word: &[u8]) -> Result<(), JsonError> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn digits(&mut self) -> bool {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos > start
    }

    /// A number, as written: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`.
    pub(crate) fn number(&mut self) -> Result<&'a str, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.error("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !self.digits() {
                return Err(self.error("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !self.digits() {
                return Err(self.error("invalid number"));
            }
        }
        self.slice(start, self.pos)
    }
}
