//! What Python library calls compute (time, datetime, base64, hmac/hashlib, json, PyJWT).
//! Consulted by [`super::library::call`] first for Python files.

use super::library::CallSite;
use super::value::Value;

/// A Python library call; `None` when it is not one this module knows (the language-neutral
/// semantics of `library` are tried next).
pub fn call(_cs: &CallSite) -> Option<Value> {
    None
}
