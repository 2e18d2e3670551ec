//! JSON → nodes: the [`Lexer`]'s tokens straight into the node list.
//!
//! Member names and strings without escapes are borrowed from the input and numbers keep
//! their text exactly as written (`1.0`, `1e3` and 20-digit integers reach the field readers
//! untouched, with no detour through `f64`). Nesting lives on an explicit stack that refuses
//! to open a container more than [`MAX_DEPTH`] deep, so no input can exhaust the call stack,
//! whoever calls it.
//!
//! It accepts the JSON texts `serde_json` accepts whose root is an object, except numbers
//! outside the range of `f64` (kept as text for the field readers to judge) and nesting
//! between `serde_json`'s limit (127 levels) and ours; a differential property test holds it
//! to that on shallower texts.

use std::borrow::Cow;

use super::lexer::{JsonError, Lexer};
use super::{Node, NodeKind};
use crate::depth::MAX_DEPTH;

/// An open container: an object (its node) or an array (the name its items take).
enum Frame<'a> {
    Object(usize),
    Array(Cow<'a, str>),
}

struct Reader<'l, 'a> {
    lexer: &'l mut Lexer<'a>,
    nodes: Vec<Node<'a>>,
}

/// Read a JSON text whose root is an object into nodes (see [`super`] for their layout).
pub(super) fn parse(src: &str) -> Result<Vec<Node<'_>>, JsonError> {
    let mut lexer = Lexer::object_root(src)?;
    let nodes = value(&mut lexer, src.len() / 16 + 8)?;
    lexer.end()?;
    Ok(nodes)
}

/// Read the one value at the lexer's position into nodes; the first is that value (an array's
/// items are nodes of their own, all unnamed).
pub(super) fn value<'a>(
    lexer: &mut Lexer<'a>,
    capacity: usize,
) -> Result<Vec<Node<'a>>, JsonError> {
    let mut reader = Reader {
        lexer,
        nodes: Vec::with_capacity(capacity),
    };
    reader.document()?;
    Ok(reader.nodes)
}

impl<'a> Reader<'_, 'a> {
    fn leaf(&mut self, name: Cow<'a, str>, text: Cow<'a, str>, kind: NodeKind) {
        let end = self.nodes.len() + 1;
        self.nodes.push(Node {
            name,
            text,
            kind,
            end,
        });
    }

    /// Enter a container, unless that nests deeper than [`MAX_DEPTH`].
    fn open(&self, stack: &mut Vec<Frame<'a>>, frame: Frame<'a>) -> Result<(), JsonError> {
        if stack.len() >= MAX_DEPTH {
            return Err(self.lexer.error("nested too deeply"));
        }
        stack.push(frame);
        Ok(())
    }

    fn close(&mut self, index: usize) {
        let end = self.nodes.len();
        if let Some(node) = self.nodes.get_mut(index) {
            node.end = end;
        }
    }

    /// The root object and everything in it, without recursion.
    fn document(&mut self) -> Result<(), JsonError> {
        let mut stack: Vec<Frame<'a>> = Vec::with_capacity(8);
        let mut name: Cow<'a, str> = Cow::Borrowed("");
        loop {
            // One value, called `name`.
            self.lexer.skip_ws();
            match self.lexer.peek() {
                Some(b'{') => {
                    self.lexer.pos += 1;
                    let index = self.nodes.len();
                    self.nodes.push(Node {
                        name,
                        text: Cow::Borrowed(""),
                        kind: NodeKind::Object,
                        end: index + 1,
                    });
                    self.lexer.skip_ws();
                    if self.lexer.peek() == Some(b'}') {
                        self.lexer.pos += 1;
                    } else {
                        self.open(&mut stack, Frame::Object(index))?;
                        name = self.lexer.key()?;
                        continue;
                    }
                }
                Some(b'[') => {
                    self.lexer.pos += 1;
                    self.lexer.skip_ws();
                    if self.lexer.peek() == Some(b']') {
                        // An empty array leaves no node, as in XML.
                        self.lexer.pos += 1;
                    } else {
                        // Items become siblings named like the array.
                        self.open(&mut stack, Frame::Array(name.clone()))?;
                        continue;
                    }
                }
                Some(b'n') => {
                    self.lexer.literal(b"null")?;
                    self.leaf(name, Cow::Borrowed(""), NodeKind::Null);
                }
                next => {
                    let kind = if next == Some(b'"') {
                        NodeKind::Text
                    } else {
                        NodeKind::Literal
                    };
                    // `{` and `[` are taken above: this is a scalar, or the lexer's error.
                    let text = self.lexer.scalar()?.unwrap_or_default();
                    self.leaf(name, text, kind);
                }
            }
            // After a value: the next member or item, or the end of containers.
            loop {
                let Some(frame) = stack.last() else {
                    return Ok(());
                };
                self.lexer.skip_ws();
                match (frame, self.lexer.peek()) {
                    (Frame::Object(_), Some(b',')) => {
                        self.lexer.pos += 1;
                        name = self.lexer.key()?;
                        break;
                    }
                    (Frame::Array(array), Some(b',')) => {
                        self.lexer.pos += 1;
                        name = array.clone();
                        break;
                    }
                    (&Frame::Object(index), Some(b'}')) => {
                        self.lexer.pos += 1;
                        self.close(index);
                        stack.pop();
                    }
                    (Frame::Array(_), Some(b']')) => {
                        self.lexer.pos += 1;
                        stack.pop();
                    }
                    (Frame::Object(_), _) => return Err(self.lexer.error("expected `,` or `}`")),
                    (Frame::Array(_), _) => return Err(self.lexer.error("expected `,` or `]`")),
                }
            }
        }
    }
}
