//! JSON strings: the plain run scanned by table, escapes and surrogate pairs decoded.

use std::borrow::Cow;

use super::lexer::{JsonError, Lexer};

impl<'a> Lexer<'a> {
    /// A string (the reader is at its opening quote): borrowed unless it has escapes.
    #[inline]
    pub(crate) fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.pos += 1;
        let start = self.pos;
        self.pos = plain_end(self.bytes, self.pos);
        match self.peek() {
            Some(b'"') => {
                let text = self.slice(start, self.pos)?;
                self.pos += 1;
                Ok(Cow::Borrowed(text))
            }
            _ => self.escaped(start).map(Cow::Owned),
        }
    }

    /// The rest of a string that has an escape (or an error) at the reader's position.
    fn escaped(&mut self, start: usize) -> Result<String, JsonError> {
        let mut out = String::with_capacity(self.pos - start + 16);
        let mut from = start;
        loop {
            out.push_str(self.slice(from, self.pos)?);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = match self.peek() {
                        Some(b'u') => {
                            self.pos += 1;
                            self.unicode()?
                        }
                        Some(b) => {
                            let c = match b {
                                b'"' => '"',
                                b'\\' => '\\',
                                b'/' => '/',
                                b'b' => '\u{8}',
                                b'f' => '\u{c}',
                                b'n' => '\n',
                                b'r' => '\r',
                                b't' => '\t',
                                _ => return Err(self.error("invalid escape")),
                            };
                            self.pos += 1;
                            c
                        }
                        None => return Err(self.error("unterminated string")),
                    };
                    out.push(c);
                    from = self.pos;
                    self.pos = plain_end(self.bytes, self.pos);
                }
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    /// Four hex digits at the reader's position, as a code unit.
    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut value = 0u32;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or_else(|| self.error("invalid \\u escape"))?;
            value = value * 16 + digit;
            self.pos += 1;
        }
        Ok(value)
    }

    /// The character of a `\u` escape (the reader is after the `u`); pairs surrogates.
    fn unicode(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                    return Err(self.error("lone surrogate in a \\u escape"));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("lone surrogate in a \\u escape"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.error("lone surrogate in a \\u escape")),
            _ => first,
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"))
    }
}

/// The bytes that end the plain run of a string: `"`, `\` and the control characters.
static SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// The index of the first `"`, `\` or control character at or after `from`, or the length.
/// Strings in responses are short, so a table lookup per byte beats wider tricks here.
#[inline]
fn plain_end(bytes: &[u8], from: usize) -> usize {
    let rest = bytes.get(from..).unwrap_or_default();
    from + rest
        .iter()
        .position(|&b| SPECIAL[usize::from(b)])
        .unwrap_or(rest.len())
}
