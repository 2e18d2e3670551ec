//! The streaming JSON walker: a body read straight into the generated structures, member by
//! member, without the node tree.
//!
//! It follows the node-tree walker's rules ([`crate::walk`]) exactly, which a differential
//! property test checks on odd bodies:
//!
//! * an array is not a value of its own: its items (nested arrays flattened) are values named
//!   like the array, so one item, one object or a list of them read alike;
//! * an optional field takes the first value named like it (`null` leaves it unset, later
//!   duplicates are ignored); a list takes every one;
//! * a wrapped list (`"TaskSet": {"Task": [...]}`) takes the items of the first wrapper;
//! * a structure given a scalar reads as empty; a scalar given an object is an error;
//! * errors name the field's path, a list item's index counting `null` items.
//!
//! Each member name is first compared with one expected field: the one after the last field
//! found, or, for the items of a list whose first item came in another order, the field at the
//! same position in that item. Only when that guess fails is the whole table searched, so a
//! body in the spec's order (or in any order its list items share) costs one comparison per
//! member.

use crate::shape::{Field, ReadError, Source};
use crate::tree::{JsonError, Lexer};
use crate::walk::{Count, Fields, Slot};

/// Read a whole body, whose root must be an object, into `value`. A syntax error comes back
/// as a [`ReadError`] that carries it.
///
/// The walker recurses once per level of nesting, so `src` must have passed the depth check
/// ([`crate::depth`]); [`crate::format::parse`], the only caller, runs it first.
pub(crate) fn read_root(value: &mut dyn Fields, src: &str) -> Result<(), ReadError> {
    let mut json = Lexer::object_root(src)?;
    read_object(value, &mut json)?;
    json.end()?;
    Ok(())
}

/// Read a structure from the value at `json`: an object's members, or nothing from any other
/// value (which is read past).
pub(crate) fn read_json_struct(
    value: &mut dyn Fields,
    json: &mut Lexer<'_>,
) -> Result<(), ReadError> {
    if json.peek_value() == Some(b'{') {
        read_object(value, json)
    } else {
        json.skip_value()?;
        Ok(())
    }
}

fn find(table: &[Field], name: &str, next: usize) -> Option<usize> {
    if table.get(next).is_some_and(|f| f.matches(name)) {
        return Some(next);
    }
    table.iter().position(|f| f.matches(name))
}

fn is_null(json: &mut Lexer<'_>) -> Result<bool, JsonError> {
    if json.peek_value() == Some(b'n') {
        json.literal(b"null")?;
        Ok(true)
    } else {
        Ok(false)
    }
}

/// The members of the object at `json` into `value`'s fields.
fn read_object(value: &mut dyn Fields, json: &mut Lexer<'_>) -> Result<(), ReadError> {
    json.pos += 1;
    let table = value.table();
    // Options and wrapped lists already found: the first value wins, as in the tree walker.
    let mut seen: u128 = 0;
    let mut seen_beyond: Vec<usize> = Vec::new();
    let mut next = 0;
    let mut first = true;
    // The field each member named, to learn from when the order is not the spec's.
    let address = table.as_ptr() as usize;
    let learned = if json.orders.is_empty() {
        None
    } else {
        json.orders.iter().position(|(t, _)| *t == address)
    };
    let mut order = [u8::MAX; LEARNED];
    let mut member = 0;
    let mut missed = false;
    while json.next_member(&mut first)? {
        let hint = learned
            .and_then(|l| json.orders.get(l)?.1.get(member).copied())
            .map_or(next, usize::from);
        let found = match table.get(hint) {
            Some(field) if json.key_is(field.wire) => Some((hint, field)),
            _ => {
                missed = true;
                let name = json.key()?;
                find(table, &name, next).and_then(|i| Some((i, table.get(i)?)))
            }
        };
        if let Some(slot) = order.get_mut(member) {
            *slot = found.map_or(u8::MAX, |(i, _)| u8::try_from(i).unwrap_or(u8::MAX));
        }
        member += 1;
        let Some((i, field)) = found else {
            json.skip_value()?;
            continue;
        };
        next = i + 1;
        let bit = 1u128
            .checked_shl(u32::try_from(i).unwrap_or(u32::MAX))
            .unwrap_or(0);
        // Fields past the 128 the bits hold (no table has that many today) are kept in a list.
        let found_before = if bit == 0 {
            seen_beyond.contains(&i)
        } else {
            seen & bit != 0
        };
        let Some(slot) = value.field_mut(i) else {
            json.skip_value()?;
            continue;
        };
        let list = matches!(slot.count(), Count::List(_));
        let array = json.peek_value() == Some(b'[');
        if list && field.item.is_none() {
            let mut index = 0;
            if array {
                values(json, &mut |json| item(json, slot, field, &mut index, None))?;
            } else {
                item(json, slot, field, &mut index, None)?;
            }
        } else if found_before {
            json.skip_value()?;
        } else if !array || first_value(json, &mut |json| one(json, slot, field, list))? {
            if !array {
                // The common case, one value: no closures.
                one(json, slot, field, list)?;
            }
            seen |= bit;
            if bit == 0 {
                seen_beyond.push(i);
            }
        }
    }
    if missed {
        learn(json, address, &order[..member.min(LEARNED)]);
    }
    Ok(())
}

/// The most members of one object whose order is learned (fields past index 254 are not),
/// and the most structures.
const LEARNED: usize = 32;

fn learn(json: &mut Lexer<'_>, address: usize, order: &[u8]) {
    let full = json.orders.len() >= LEARNED;
    match json.orders.iter_mut().find(|(t, _)| *t == address) {
        Some((_, known)) => {
            known.clear();
            known.extend_from_slice(order);
        }
        None if !full => json.orders.push((address, order.to_vec())),
        None => {}
    }
}

/// The one value (not an array) of an optional field or a wrapped list.
fn one(
    json: &mut Lexer<'_>,
    slot: &mut dyn Slot,
    field: &Field,
    list: bool,
) -> Result<(), ReadError> {
    if list {
        wrapper(json, slot, field)
    } else if is_null(json)? {
        Ok(())
    } else {
        let wire = field.wire;
        slot.read_one(Source::Json(json))
            .map_err(|e| e.within(wire.to_owned()))
    }
}

/// Call `each` on every value at `json`: the items of an array (nested arrays flattened), or
/// the one value that is not an array.
fn values(
    json: &mut Lexer<'_>,
    each: &mut dyn FnMut(&mut Lexer<'_>) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    if json.peek_value() != Some(b'[') {
        return each(json);
    }
    json.pos += 1;
    let mut first = true;
    while json.item(&mut first)? {
        values(json, each)?;
    }
    Ok(())
}

/// Call `read` on the first value at `json` (see [`values`]) and read past the others;
/// whether there was one (an empty array has none).
fn first_value(
    json: &mut Lexer<'_>,
    read: &mut dyn FnMut(&mut Lexer<'_>) -> Result<(), ReadError>,
) -> Result<bool, ReadError> {
    let mut found = false;
    values(json, &mut |json| {
        if found {
            json.skip_value()?;
            Ok(())
        } else {
            found = true;
            read(json)
        }
    })?;
    Ok(found)
}

/// One list item: `null` is left out but counted, so that an error names the item's position.
fn item(
    json: &mut Lexer<'_>,
    slot: &mut dyn Slot,
    field: &Field,
    index: &mut usize,
    wrapped: Option<&str>,
) -> Result<(), ReadError> {
    let at = *index;
    *index += 1;
    if is_null(json)? {
        return Ok(());
    }
    slot.read_one(Source::Json(json)).map_err(|e| {
        let e = e.within(format!("[{at}]"));
        match wrapped {
            Some(name) => e.within(name.to_owned()),
            None => e,
        }
        .within(field.wire.to_owned())
    })
}

/// A list's wrapper object (`{"Task": [...]}`): the values of its members named like the
/// items. A wrapper that is not an object holds no items.
fn wrapper(json: &mut Lexer<'_>, slot: &mut dyn Slot, field: &Field) -> Result<(), ReadError> {
    let Some(item_name) = field.item else {
        return Ok(());
    };
    if json.peek_value() != Some(b'{') {
        json.skip_value()?;
        return Ok(());
    }
    json.pos += 1;
    let mut first = true;
    let mut index = 0;
    while json.next_member(&mut first)? {
        if !json.key_is(item_name) && json.key()? != item_name {
            json.skip_value()?;
        } else if json.peek_value() == Some(b'[') {
            values(json, &mut |json| {
                item(json, slot, field, &mut index, Some(item_name))
            })?;
        } else {
            item(json, slot, field, &mut index, Some(item_name))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A structure wider than the 128 fields the `seen` bits hold.
    struct Wide {
        table: &'static [Field],
        values: Vec<Option<i32>>,
    }

    impl Fields for Wide {
        fn table(&self) -> &'static [Field] {
            self.table
        }
        fn field(&self, i: usize) -> Option<&dyn Slot> {
            self.values.get(i).map(|v| v as &dyn Slot)
        }
        fn field_mut(&mut self, i: usize) -> Option<&mut dyn Slot> {
            self.values.get_mut(i).map(|v| v as &mut dyn Slot)
        }
    }

    #[test]
    fn the_first_value_wins_past_field_128() {
        let names: Vec<&'static str> = (0..130)
            .map(|i| &*Box::leak(format!("F{i}").into_boxed_str()))
            .collect();
        let table: Vec<Field> = names.iter().map(|n| Field::new(n)).collect();
        let mut wide = Wide {
            table: Box::leak(table.into_boxed_slice()),
            values: vec![None; 130],
        };
        read_root(
            &mut wide,
            r#"{"F129": 1, "F5": 2, "F129": 3, "F5": 4, "F128": null, "F128": 5}"#,
        )
        .unwrap();
        assert_eq!(wide.values[129], Some(1));
        assert_eq!(wide.values[5], Some(2));
        assert_eq!(wide.values[128], None, "a first `null` wins too");
    }
}
