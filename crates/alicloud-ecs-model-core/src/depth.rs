//! A guard against absurdly nested documents, checked before parsing.
//!
//! No ECS response nests more than a handful of levels, yet both parsers would happily skip
//! an unknown element nested a hundred thousand deep. Rejecting anything deeper than
//! [`MAX_DEPTH`] up front keeps hostile bodies cheap and the behaviour the same in both
//! formats. The scans are single passes over the bytes and allocate nothing; most bodies do
//! not even need them, because counting the bytes that can open a level (which the compiler
//! vectorises) already proves the depth small enough.

/// The deepest nesting of objects/arrays (JSON) or elements (XML) accepted.
pub const MAX_DEPTH: usize = 128;

/// How many bytes of `body` satisfy `is`. Counts into a `u8` per chunk so that the loop
/// vectorises; this is what makes the bound below an order of magnitude cheaper than a scan.
fn count(body: &[u8], is: impl Fn(u8) -> bool) -> usize {
    body.chunks(usize::from(u8::MAX))
        .map(|chunk| {
            let n = chunk.iter().fold(0u8, |n, &b| n + u8::from(is(b)));
            usize::from(n)
        })
        .sum()
}

/// Whether a JSON text nests deeper than `max` (strings are skipped, escapes honoured).
pub(crate) fn json_too_deep(body: &[u8], max: usize) -> bool {
    // Every level opens with `[` or `{`, so a text with at most `max` of them cannot be too deep.
    count(body, |b| matches!(b, b'[' | b'{')) > max && json_scan(body, max)
}

fn json_scan(body: &[u8], max: usize) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in body {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// Whether an XML text nests elements deeper than `max`. Comments, CDATA, processing
/// instructions and declarations are skipped; quoted attribute values may contain `>`.
pub(crate) fn xml_too_deep(body: &[u8], max: usize) -> bool {
    // Every level opens with `<`, so a text with at most `max` of them cannot be too deep.
    count(body, |b| b == b'<') > max && xml_scan(body, max)
}

fn xml_scan(body: &[u8], max: usize) -> bool {
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(offset) = body[i..].iter().position(|&b| b == b'<') {
        i += offset + 1;
        let rest = &body[i..];
        if rest.starts_with(b"!--") {
            i += find(rest, b"-->").map_or(rest.len(), |p| p + 3);
        } else if rest.starts_with(b"![CDATA[") {
            i += find(rest, b"]]>").map_or(rest.len(), |p| p + 3);
        } else if rest.starts_with(b"?") || rest.starts_with(b"!") {
            i += find(rest, b">").map_or(rest.len(), |p| p + 1);
        } else if rest.starts_with(b"/") {
            depth = depth.saturating_sub(1);
            i += find(rest, b">").map_or(rest.len(), |p| p + 1);
        } else {
            let (end, self_closing) = tag_end(rest);
            i += end;
            if !self_closing {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
        }
    }
    false
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Where a start tag ends (just past `>`) and whether it closes itself (`/>`).
fn tag_end(rest: &[u8]) -> (usize, bool) {
    let mut quote = None;
    for (i, &b) in rest.iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return (i + 1, i > 0 && rest[i - 1] == b'/'),
            _ => {}
        }
    }
    (rest.len(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_depth() {
        assert!(!json_too_deep(br#"{"a": [1, {"b": "[[[[[["}]}"#, 3));
        assert!(json_too_deep(br#"{"a": [[[1]]]}"#, 3));
        assert!(!json_too_deep(br#"{"a": "\"[[[[["}"#, 1));
    }

    #[test]
    fn xml_depth() {
        let ok = br#"<?xml version="1.0"?><!-- <a><b><c><d> --><R x="<<>"><A/><B><![CDATA[<x><y><z>]]></B></R>"#;
        assert!(!xml_too_deep(ok, 2));
        assert!(xml_too_deep(b"<R><A><B><C/></B></A></R>", 2));
        assert!(!xml_too_deep(b"<R><A></A><B></B><C></C></R>", 2));
    }

    #[test]
    fn the_bound_never_changes_the_answer() {
        let json: &[&[u8]] = &[
            br#"{"a": [1, {"b": "[[[[[["}]}"#,
            br#"[[[[]]], {"x": [{}]}]"#,
            br#""[{[{""#,
            b"[[[[[[",
        ];
        let xml: &[&[u8]] = &[
            b"<R><A><B><C/></B></A></R>",
            b"<R><A></A><B></B><C></C></R>",
            b"<a><b><!-- <c><d> --></b></a><",
            b"<a x='<<'><b><c>",
        ];
        for max in 0..8 {
            for &body in json {
                assert_eq!(json_too_deep(body, max), json_scan(body, max));
            }
            for &body in xml {
                assert_eq!(xml_too_deep(body, max), xml_scan(body, max));
            }
        }
    }
}
